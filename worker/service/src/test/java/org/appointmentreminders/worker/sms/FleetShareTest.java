package org.appointmentreminders.worker.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.fakes.FakeAws;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The fleet item as DynamoDB would keep it: each heartbeat sets this worker's attribute and reads them all. */
class FleetShareTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final FakeAws.FakeDynamoDb dynamoDb = new FakeAws.FakeDynamoDb();
    private final Map<String, AttributeValue> item = new HashMap<>();
    private final WorkerConfig config = FakeAws.config(Map.of("REMINDERS_SMS_RATE_PER_SECOND", "200",
            "REMINDERS_SMS_FLEET_HEARTBEAT", "2s"));
    private final FleetShare share = new FleetShare(dynamoDb, Clock.fixed(NOW, ZoneOffset.UTC), config.ledger(),
            config.sms());

    {
        dynamoDb.onUpdate = this::apply;
    }

    /** SET #name = :value and REMOVE #name, the only forms the heartbeat uses. */
    private UpdateItemResponse apply(UpdateItemRequest request) {
        String[] parts = request.updateExpression().split(" REMOVE ");
        if (parts[0].startsWith("SET ")) {
            for (String assignment : parts[0].substring(4).split(", ")) {
                String[] sides = assignment.split(" = ");
                item.put(request.expressionAttributeNames().get(sides[0]),
                        request.expressionAttributeValues().get(sides[1]));
            }
        }
        String removals = parts.length > 1 ? parts[1] : parts[0].startsWith("REMOVE ") ? parts[0].substring(7) : "";
        for (String name : removals.isEmpty() ? new String[0] : removals.split(", ")) {
            item.remove(request.expressionAttributeNames().get(name));
        }
        return UpdateItemResponse.builder().attributes(Map.copyOf(item)).build();
    }

    private static AttributeValue millis(Instant at) {
        return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
    }

    @Test
    void aWorkerAloneSendsAtTheIdentitysWholeRate() {
        share.beat();

        assertThat(share.workers()).isEqualTo(1);
        assertThat(share.messagesPerSecond()).isEqualTo(200.0);
        assertThat(dynamoDb.updates.get(0).key())
                .containsEntry(LedgerAttributes.REMINDER_ID, AttributeValue.fromS("#fleet/sms-rate"));
    }

    @Test
    void liveWorkersShareTheRateAndOnesSilentForThreeHeartbeatsDropOutAndAreRemoved() {
        item.put("worker:a", millis(NOW.minusSeconds(1)));
        item.put("worker:b", millis(NOW.minusSeconds(5)));
        item.put("worker:gone", millis(NOW.minusSeconds(7)));
        item.put(LedgerAttributes.EXPIRES_AT, AttributeValue.fromN("1"));

        share.beat();
        assertThat(share.workers()).isEqualTo(3);
        assertThat(share.messagesPerSecond()).isEqualTo(200.0 / 3);

        share.beat();
        assertThat(item).doesNotContainKey("worker:gone");
    }

    @Test
    void aStoppingWorkerLeavesTheFleet() {
        share.beat();
        assertThat(item.keySet()).anyMatch(name -> name.startsWith("worker:"));

        share.close();

        assertThat(item.keySet()).noneMatch(name -> name.startsWith("worker:"));
    }

    @Test
    void whenTheLedgerCannotBeReachedTheLastShareIsKept() {
        item.put("worker:a", millis(NOW));
        share.beat();
        dynamoDb.onUpdate = request -> {
            throw software.amazon.awssdk.core.exception.SdkClientException.create("unreachable");
        };

        share.beat();

        assertThat(share.workers()).isEqualTo(2);
    }
}
