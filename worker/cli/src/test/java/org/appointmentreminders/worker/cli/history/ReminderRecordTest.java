package org.appointmentreminders.worker.cli.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ReminderRecordTest {
    private static final Instant T0 = Instant.parse("2026-11-30T14:00:00Z");

    /** A reminder texted, delivered, confirmed, as the worker leaves it; and what else the item holds. */
    static Map<String, AttributeValue> texted() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LedgerAttributes.REMINDER_ID, s("clinic-7/appt-1002/24h"));
        item.put(LedgerAttributes.STATUS, s("SMS_SENT"));
        item.put(LedgerAttributes.CHANNEL, s("SMS"));
        item.put(LedgerAttributes.APPOINTMENT_ID, s("appt-1002"));
        item.put(LedgerAttributes.PATIENT_ID, s("P-48213"));
        item.put(LedgerAttributes.CLINIC_KEY, s("clinic-7"));
        item.put(LedgerAttributes.REPORT_DAY, s("2026-11-30"));
        item.put(LedgerAttributes.MASKED_PHONE, s("+1******0123"));
        item.put(LedgerAttributes.ATTEMPTS, n(2));
        item.put(LedgerAttributes.SMS_ATTEMPTS, n(1));
        item.put(LedgerAttributes.SMS_MESSAGE_ID, s("sms-1"));
        item.put(LedgerAttributes.CREATED_AT, n(T0.toEpochMilli()));
        item.put(LedgerAttributes.SMS_SENT_AT, n(T0.plusSeconds(2).toEpochMilli()));
        item.put(LedgerAttributes.DELIVERY, s("DELIVERED"));
        item.put(LedgerAttributes.DELIVERY_EVENT, s("TEXT_DELIVERED"));
        item.put(LedgerAttributes.DELIVERY_AT, n(T0.plusSeconds(30).toEpochMilli()));
        item.put(LedgerAttributes.REPLY, s("CONFIRMED"));
        item.put(LedgerAttributes.REPLY_AT, n(T0.plusSeconds(600).toEpochMilli()));
        item.put(LedgerAttributes.REPLY_IDS, AttributeValue.fromSs(List.of("in-1", "in-2")));
        item.put(LedgerAttributes.UPDATED_AT, n(T0.plusSeconds(601).toEpochMilli()));
        item.put(LedgerAttributes.LEASE_UNTIL, n(0));
        // Held by the item, never shown: the phone's hash, the claim token, events for the EHR.
        item.put(LedgerAttributes.PHONE_HASH, s("HASH-OF-THE-PHONE"));
        item.put(LedgerAttributes.CLAIM_TOKEN, s("CLAIM-TOKEN"));
        item.put(LedgerAttributes.EHR_PENDING, AttributeValue.fromSs(List.of("PENDING-EVENT")));
        item.put(LedgerAttributes.SQS_MESSAGE_ID, s("SQS-MESSAGE-ID"));
        item.put(LedgerAttributes.HELD_TEXT, s("#cap/HASH|2026-11-30#1"));
        return item;
    }

    @Test
    void timelineTellsWhatHappenedInTimeOrder() {
        ReminderRecord record = ReminderRecord.of(texted());

        assertThat(record.timeline()).extracting(ReminderRecord.Event::what)
                .containsExactly("received", "texted", "delivered", "reply", "last update");
        assertThat(record.timeline()).extracting(ReminderRecord.Event::at).isSorted();
        assertThat(record.timeline().get(2).detail()).isEqualTo("carrier: TEXT_DELIVERED");
        assertThat(record.timeline().get(3).detail()).isEqualTo("CONFIRMED (latest of 2 replies)");
        assertThat(record.summary()).isEqualTo("SMS_SENT: texted");
        assertThat(record.handled()).isEqualTo(2);
        assertThat(record.textsTried()).isEqualTo(1);
        assertThat(record.leaseUntil()).as("a released lease is no lease").isNull();
    }

    @Test
    void anEmailAfterAnUndeliveredTextAndItsErrorAreInTheState() {
        Map<String, AttributeValue> item = texted();
        item.put(LedgerAttributes.STATUS, s("EMAIL_SENT"));
        item.put(LedgerAttributes.CHANNEL, s("EMAIL"));
        item.put(LedgerAttributes.DELIVERY, s("UNDELIVERABLE"));
        item.put(LedgerAttributes.DELIVERY_EVENT, s("TEXT_CARRIER_UNREACHABLE"));
        item.put(LedgerAttributes.EMAIL_MESSAGE_ID, s("ses-9"));
        item.put(LedgerAttributes.ERROR_CODE, s("undelivered:TEXT_CARRIER_UNREACHABLE"));
        item.remove(LedgerAttributes.REPLY);
        item.remove(LedgerAttributes.REPLY_AT);

        ReminderRecord record = ReminderRecord.of(item);

        assertThat(record.summary()).isEqualTo("EMAIL_SENT: emailed after the text, email id ses-9; "
                + "error undelivered:TEXT_CARRIER_UNREACHABLE");
        assertThat(record.timeline()).extracting(ReminderRecord.Event::what)
                .containsExactly("received", "texted", "not delivered", "last update");
    }

    @Test
    void aClaimWithALiveLeaseIsInProgressAndOneReleasedIsWaiting() {
        Map<String, AttributeValue> item = texted();
        item.put(LedgerAttributes.STATUS, s("CLAIMED"));
        item.put(LedgerAttributes.LEASE_UNTIL, n(Instant.now().plusSeconds(60).toEpochMilli()));
        assertThat(ReminderRecord.of(item).summary()).isEqualTo("CLAIMED: being handled now");

        item.put(LedgerAttributes.LEASE_UNTIL, n(0));
        assertThat(ReminderRecord.of(item).summary()).isEqualTo("CLAIMED: waiting to be handled again");
    }

    @Test
    void jsonHoldsNothingButTheFieldsSupportMaySee() {
        String json = RecordJson.reminder(ReminderRecord.of(texted())).toString();

        assertThat(json).contains("\"maskedPhone\":\"+1******0123\"", "\"reply\":\"CONFIRMED\"",
                "\"receivedAt\":\"2026-11-30T14:00:00Z\"", "\"timeline\":[");
        assertThat(json).doesNotContain("HASH-OF-THE-PHONE", "CLAIM-TOKEN", "PENDING-EVENT", "SQS-MESSAGE-ID",
                "#cap/");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
