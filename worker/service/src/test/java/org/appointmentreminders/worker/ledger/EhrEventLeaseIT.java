package org.appointmentreminders.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.ehr.Take;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lease over a reminder's pending EHR events, against the emulated DynamoDB: what a pass finds tells it whether to
 * publish, to do nothing, or to look again once another pass's lease ends.
 */
@ExtendWith(LocalAwsExtension.class)
class EhrEventLeaseIT {
    private static final PendingEvent DELIVERED = new PendingEvent("delivered", Instant.parse("2026-12-02T10:00:00Z"),
            Optional.of("sms"), Optional.empty(), "sms-1");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void aTakeFindsTheEventsTakenHeldForTheRestOfTheLeaseOrNothingPending(AwsEndpoints endpoints, AwsClients aws) {
        ProvisionedStack stack = Stacks.fresh(aws, "ehr-lease");
        String reminderId = "lease-" + UUID.randomUUID() + "/24h";
        put(aws, stack, reminderId, Map.of());

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            LoopLedger ledger = worker.get(LoopLedger.class);

            Take first = ledger.take(reminderId, LEASE).join();
            assertThat(first).isInstanceOfSatisfying(Take.Taken.class,
                    taken -> assertThat(taken.facts().pending()).containsExactly(DELIVERED));

            Take second = ledger.take(reminderId, LEASE).join();
            assertThat(second).isInstanceOfSatisfying(Take.Held.class, held -> assertThat(held.remaining())
                    .isGreaterThan(LEASE.minusSeconds(10)).isLessThanOrEqualTo(LEASE));

            assertThat(ledger.clear(reminderId, List.of(DELIVERED)).join()).as("still pending").isFalse();
            assertThat(ledger.take(reminderId, LEASE).join()).isInstanceOf(Take.NothingPending.class);
            assertThat(ledger.take("no-such-reminder/24h", LEASE).join()).isInstanceOf(Take.NothingPending.class);
        }
    }

    @Test
    void aLeaseNobodyGaveBackCanBeTakenOnceItEnds(AwsEndpoints endpoints, AwsClients aws) {
        ProvisionedStack stack = Stacks.fresh(aws, "ehr-lease-ended");
        String reminderId = "lease-" + UUID.randomUUID() + "/24h";
        put(aws, stack, reminderId, Map.of(
                LedgerAttributes.EHR_LEASE_UNTIL, AttributeValue.fromN(Long.toString(
                        Instant.now().minusSeconds(1).toEpochMilli())),
                LedgerAttributes.EHR_LEASE_TOKEN, AttributeValue.fromS("a-pass-that-stopped")));

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            assertThat(worker.get(LoopLedger.class).take(reminderId, LEASE).join())
                    .isInstanceOf(Take.Taken.class);
        }
    }

    private static void put(AwsClients aws, ProvisionedStack stack, String reminderId,
                            Map<String, AttributeValue> more) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(more);
        item.put(LedgerAttributes.REMINDER_ID, AttributeValue.fromS(reminderId));
        item.put(LedgerAttributes.EHR_PENDING, AttributeValue.fromSs(List.of(DELIVERED.encode())));
        aws.dynamoDb().putItem(r -> r.tableName(stack.ledgerTable()).item(item));
    }
}
