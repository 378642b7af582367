package org.appointmentreminders.worker.ledger;

import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.fakes.FakeAws;
import org.appointmentreminders.worker.pipeline.Claim;
import org.appointmentreminders.worker.pipeline.ClaimResult;
import org.appointmentreminders.worker.pipeline.Delivery;
import org.appointmentreminders.worker.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The ledger's requests and how it reads DynamoDB's answers; the emulator tests prove DynamoDB agrees. */
class OutcomeLedgerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final FakeAws.FakeDynamoDb dynamoDb = new FakeAws.FakeDynamoDb();
    private final OutcomeLedger ledger = new OutcomeLedger(dynamoDb, Clock.fixed(NOW, ZoneOffset.UTC),
            new WorkerConfig.Ledger("reminder-ledger", Duration.ofMinutes(2), Duration.ofDays(90)),
            new TextCap(new WorkerConfig.FrequencyCap(1, 3)),
            new WorkerConfig.DeliveryReceipts("", "", Duration.ofMinutes(2), 4));

    private static ReminderMessage reminder() {
        String body = "{\"schemaVersion\":1,\"reminderId\":\"appt-1/24h\",\"appointment\":{\"id\":\"appt-1\","
                + "\"start\":\"2026-12-02T09:30:00-05:00\",\"timeZone\":\"America/New_York\","
                + "\"clinicName\":\"Riverside Clinic\"},\"patient\":{\"id\":\"P-1\",\"givenName\":\"Ana\","
                + "\"phone\":\"+14155550123\"}}";
        return ((ParseResult.Valid) new ReminderParser().parse(body)).message();
    }

    private static ConditionalCheckFailedException refusedWith(Map<String, AttributeValue> item) {
        return ConditionalCheckFailedException.builder().item(item).message("refused").build();
    }

    @Test
    void aClaimIsOneConditionalWriteWithALeaseAndOnlyMaskedContactData() {
        ClaimResult result = ledger.claim(reminder(), "m-1").join();

        assertThat(result).isInstanceOfSatisfying(ClaimResult.Claimed.class,
                claimed -> assertThat(claimed.claim().reminderId()).isEqualTo("appt-1/24h"));
        UpdateItemRequest request = dynamoDb.updates.get(0);
        assertThat(request.tableName()).isEqualTo("reminder-ledger");
        assertThat(request.key()).containsEntry(LedgerAttributes.REMINDER_ID, AttributeValue.fromS("appt-1/24h"));
        assertThat(request.conditionExpression()).contains("attribute_not_exists(#id)").contains("#lease < :now");
        assertThat(request.expressionAttributeValues()).containsEntry(":leaseUntil",
                AttributeValue.fromN(Long.toString(NOW.plus(Duration.ofMinutes(2)).toEpochMilli())));
        assertThat(request.expressionAttributeValues()).containsEntry(":maskedPhone",
                AttributeValue.fromS("+1******0123"));
        assertThat(request.expressionAttributeValues().values().toString()).doesNotContain("+14155550123")
                .doesNotContain("Ana");
    }

    @Test
    void aRefusedClaimOnAnEndedReminderIsADuplicateAndOnAHeldOneWaitsForItsLease() {
        dynamoDb.onUpdate = request -> {
            throw refusedWith(Map.of(LedgerAttributes.STATUS, AttributeValue.fromS("EMAIL_SENT")));
        };
        assertThat(ledger.claim(reminder(), "m-1").join()).isEqualTo(new ClaimResult.AlreadyEnded("EMAIL_SENT"));

        long leaseUntil = NOW.plusSeconds(40).toEpochMilli();
        dynamoDb.onUpdate = request -> {
            throw refusedWith(Map.of(LedgerAttributes.STATUS, AttributeValue.fromS("CLAIMED"),
                    LedgerAttributes.LEASE_UNTIL, AttributeValue.fromN(Long.toString(leaseUntil))));
        };
        assertThat(ledger.claim(reminder(), "m-2").join())
                .isEqualTo(new ClaimResult.HeldElsewhere(Instant.ofEpochMilli(leaseUntil)));
    }

    @Test
    void aClaimRetriedByTheSdkAfterItHadSucceededIsStillOurs() {
        // The first attempt was written, its answer lost; the retry finds the item claimed with this very token.
        dynamoDb.onUpdate = request -> {
            throw refusedWith(Map.of(LedgerAttributes.STATUS, AttributeValue.fromS("CLAIMED"),
                    LedgerAttributes.CLAIM_TOKEN, request.expressionAttributeValues().get(":claimToken"),
                    LedgerAttributes.LEASE_UNTIL, AttributeValue.fromN(Long.toString(NOW.plusSeconds(120)
                            .toEpochMilli()))));
        };

        assertThat(ledger.claim(reminder(), "m-1").join()).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void aFinalRecordRetriedAfterItHadSucceededCountsAsRecorded() {
        dynamoDb.onUpdate = request -> {
            throw refusedWith(Map.of(LedgerAttributes.STATUS, AttributeValue.fromS("SMS_SENT")));
        };

        assertThat(ledger.recordFinal(new Claim("appt-1/24h", "token-1", false), Outcome.SMS_SENT,
                Delivery.sms("sns-1"), null, Optional.empty()).join()).isTrue();
        assertThat(ledger.recordFinal(new Claim("appt-1/24h", "token-1", false), Outcome.EMAIL_SENT,
                Delivery.email("ses-1", false, false, null), null, Optional.empty()).join()).as("another outcome was recorded").isFalse();
    }

    @Test
    void aClaimAfterAPermanentSmsRefusalSaysSo() {
        dynamoDb.onUpdate = request -> UpdateItemResponse.builder()
                .attributes(Map.of(LedgerAttributes.SMS_PERMANENT_FAILURE, AttributeValue.fromBool(true))).build();

        ClaimResult result = ledger.claim(reminder(), "m-1").join();

        assertThat(((ClaimResult.Claimed) result).claim().smsPermanentlyFailed()).isTrue();
    }

    @Test
    void aFinalRecordNeedsTheClaimTokenAndNamesTheStatusOfItsOutcome() {
        boolean recorded = ledger.recordFinal(new Claim("appt-1/24h", "token-1", false), Outcome.EMAIL_SENT,
                Delivery.email("ses-1", true, true, "InvalidParameter"), null, Optional.empty()).join();

        assertThat(recorded).isTrue();
        UpdateItemRequest request = dynamoDb.updates.get(0);
        assertThat(request.conditionExpression()).isEqualTo("#token = :token");
        assertThat(request.expressionAttributeValues())
                .containsEntry(":token", AttributeValue.fromS("token-1"))
                .containsEntry(":status", AttributeValue.fromS("EMAIL_SENT"))
                .containsEntry(":emailMessageId", AttributeValue.fromS("ses-1"))
                .containsEntry(":errorCode", AttributeValue.fromS("InvalidParameter"));
        assertThat(request.updateExpression()).contains("REMOVE #claimToken, #leaseUntil");
    }

    @Test
    void aRecordAfterTheClaimWasLostReportsItWithoutThrowing() {
        dynamoDb.onUpdate = request -> {
            throw refusedWith(Map.of());
        };

        assertThat(ledger.recordFinal(new Claim("appt-1/24h", "old", false), Outcome.SMS_SENT,
                Delivery.sms("sns-1"), null, Optional.empty()).join()).isFalse();
        assertThat(ledger.release(new Claim("appt-1/24h", "old", false),
                Delivery.failed("Throttling", true, false), null).join()).isFalse();
    }

    @Test
    void aRejectionRecordsCodesOnlyUnderTheReminderIdOrTheSqsIdAndLeavesAHandledReminderAlone() {
        ledger.recordRejected("appt-1/24h", "m-1", List.of("invalid_phone", "invalid_phone", "missing_field")).join();
        assertThat(dynamoDb.updates.get(0).expressionAttributeValues())
                .containsEntry(":errorCode", AttributeValue.fromS("invalid_phone,missing_field"));

        ledger.recordRejected(null, "m-2", List.of("malformed_json")).join();
        assertThat(dynamoDb.updates.get(1).key())
                .containsEntry(LedgerAttributes.REMINDER_ID, AttributeValue.fromS("sqs:m-2"));

        dynamoDb.onUpdate = request -> {
            throw refusedWith(Map.of(LedgerAttributes.STATUS, AttributeValue.fromS("SMS_SENT")));
        };
        ledger.recordRejected("appt-1/24h", "m-3", List.of("invalid_phone")).join();
    }
}
