package org.appointmentreminders.worker.cli.history;

import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.APPOINTMENT_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.ATTEMPTS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CHANNEL;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CLINIC_KEY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CREATED_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY_EVENT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EMAIL_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.ERROR_CODE;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.LEASE_UNTIL;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.MASKED_PHONE;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.PATIENT_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REMINDER_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPLY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPLY_ANSWERED_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPLY_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPLY_IDS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPORT_DAY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_ATTEMPTS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_PERMANENT_FAILURE;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_SENT_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.STATUS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.UPDATED_AT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What support may see of one reminder's ledger item. It is built from a fixed list of attributes, so whatever else
 * the item holds (the phone's hash, the claim token, events for the EHR) never reaches the screen. The ledger holds
 * no name, email address, full phone number or message text; this holds the masked phone only.
 *
 * @param handled how many times a worker took the reminder up (a redelivery, a retry or a deferral counts again)
 * @param textsTried how many of those tried to send the text
 * @param replies how many replies were recorded (the latest is {@link #reply})
 */
public record ReminderRecord(String reminderId, String appointmentId, String patientId, String clinic,
                             String reportDay, String maskedPhone, String status, String channel, long handled,
                             long textsTried, String errorCode, boolean smsRefusedForGood, String smsMessageId,
                             String emailMessageId, String delivery, String deliveryEvent, String reply, int replies,
                             Instant receivedAt, Instant textedAt, Instant deliveryAt, Instant replyAt,
                             Instant replyAnsweredAt, Instant updatedAt, Instant leaseUntil) {

    public static ReminderRecord of(Map<String, AttributeValue> item) {
        return new ReminderRecord(text(item, REMINDER_ID), text(item, APPOINTMENT_ID), text(item, PATIENT_ID),
                text(item, CLINIC_KEY), text(item, REPORT_DAY), text(item, MASKED_PHONE), text(item, STATUS),
                text(item, CHANNEL), number(item, ATTEMPTS), number(item, SMS_ATTEMPTS), text(item, ERROR_CODE),
                item.containsKey(SMS_PERMANENT_FAILURE) && Boolean.TRUE.equals(item.get(SMS_PERMANENT_FAILURE).bool()),
                text(item, SMS_MESSAGE_ID), text(item, EMAIL_MESSAGE_ID), text(item, DELIVERY),
                text(item, DELIVERY_EVENT), text(item, REPLY),
                item.containsKey(REPLY_IDS) && item.get(REPLY_IDS).hasSs() ? item.get(REPLY_IDS).ss().size() : 0,
                time(item, CREATED_AT), time(item, SMS_SENT_AT), time(item, DELIVERY_AT), time(item, REPLY_AT),
                time(item, REPLY_ANSWERED_AT), time(item, UPDATED_AT), time(item, LEASE_UNTIL));
    }

    /** One line of a reminder's timeline. */
    public record Event(Instant at, String what, String detail) {
    }

    /**
     * The reminder's story in time order, as far as the ledger keeps it: when it was first handled, texted, what the
     * carrier said last, the patient's latest reply, and the last change with the state it left.
     */
    public List<Event> timeline() {
        List<Event> events = new ArrayList<>();
        add(events, receivedAt, "received", "first handled by a worker");
        add(events, textedAt, "texted", smsMessageId == null ? null : "SMS accepted, message id " + smsMessageId);
        if (delivery != null) {
            String what = switch (delivery) {
                case "DELIVERED" -> "delivered";
                case "UNDELIVERABLE" -> "not delivered";
                default -> "on its way";
            };
            add(events, deliveryAt, what, deliveryEvent == null ? "carrier receipt" : "carrier: " + deliveryEvent);
        }
        if (reply != null) {
            add(events, replyAt, "reply", reply + (replies > 1 ? " (latest of " + replies + " replies)" : ""));
        }
        add(events, replyAnsweredAt, "answered", "the patient was sent the short help");
        add(events, updatedAt, "last update", summary());
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    private static void add(List<Event> events, Instant at, String what, String detail) {
        if (at != null) {
            events.add(new Event(at, what, detail));
        }
    }

    /** The state in words: what the status means, by which channel, and the attempts behind it. */
    public String summary() {
        String state = status == null ? "no status" : switch (status) {
            case "SMS_SENT" -> "texted";
            case "EMAIL_SENT" -> textedAt != null ? "emailed after the text" : "emailed";
            case "EXPIRED" -> "too late to remind";
            case "FAILED" -> "neither text nor email got through (dead-letter queue)";
            case "REJECTED" -> "the message broke the contract (dead-letter queue)";
            case "CANCELLED" -> "not sent: the appointment was cancelled";
            case "STALE" -> "not sent: the appointment moved";
            case "CAPPED" -> "not sent: the phone had every text the frequency cap allows";
            case "CLAIMED" -> inProgress(Instant.now()) ? "being handled now" : "waiting to be handled again";
            default -> status.toLowerCase(java.util.Locale.ROOT);
        };
        StringBuilder line = new StringBuilder(status == null ? "?" : status).append(": ").append(state);
        if (emailMessageId != null) {
            line.append(", email id ").append(emailMessageId);
        }
        if (errorCode != null) {
            line.append("; error ").append(errorCode);
        }
        if (smsRefusedForGood) {
            line.append("; the number refused texts for good");
        }
        return line.toString();
    }

    /** A worker holds the reminder's claim right now. */
    public boolean inProgress(Instant now) {
        return "CLAIMED".equals(status) && leaseUntil != null && leaseUntil.isAfter(now);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            return null;
        }
        long millis = Long.parseLong(value.n());
        return millis <= 0 ? null : Instant.ofEpochMilli(millis);
    }
}
