package org.appointmentreminders.worker.cli.report;

import java.util.Map;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The figures of one clinic on one day (or a sum of them), counted from the report index's items: each reminder's
 * status, whether it was texted, what the carrier said and the patient's latest reply.
 *
 * <ul>
 *   <li>handled: reminders a worker took up that day (first handled; rejected messages have no clinic and no day)</li>
 *   <li>sent: reminders that went out, texted (SMS_SENT) or emailed (EMAIL_SENT)</li>
 *   <li>texted: texts accepted by SNS or End User Messaging, including those emailed afterwards</li>
 *   <li>delivered, undeliverable: the carrier's final word on a text</li>
 *   <li>emailed: reminders that ended with the fallback email</li>
 *   <li>confirmed, rescheduleRequested, optedOut: the patient's latest reply</li>
 *   <li>suppressed: not sent because the appointment was cancelled or moved (CANCELLED, STALE)</li>
 *   <li>capped, expired, failed: not sent for those reasons; inProgress: not ended yet</li>
 * </ul>
 */
public final class Tally {
    long handled;
    long sentByText;
    long texted;
    long receipted;
    long delivered;
    long undeliverable;
    long emailed;
    long confirmed;
    long rescheduleRequested;
    long optedOut;
    long suppressed;
    long capped;
    long expired;
    long failed;
    long inProgress;

    /** Counts one report index item. */
    public void add(Map<String, AttributeValue> item) {
        handled++;
        String status = text(item, LedgerAttributes.STATUS);
        if (item.containsKey(LedgerAttributes.SMS_SENT_AT)) {
            texted++;
        }
        String delivery = text(item, LedgerAttributes.DELIVERY);
        if (delivery != null) {
            receipted++;
        }
        if ("DELIVERED".equals(delivery)) {
            delivered++;
        } else if ("UNDELIVERABLE".equals(delivery)) {
            undeliverable++;
        }
        String reply = text(item, LedgerAttributes.REPLY);
        if ("CONFIRMED".equals(reply)) {
            confirmed++;
        } else if ("RESCHEDULE_REQUESTED".equals(reply)) {
            rescheduleRequested++;
        } else if ("OPTED_OUT".equals(reply)) {
            optedOut++;
        }
        switch (status == null ? "" : status) {
            case "SMS_SENT" -> sentByText++;
            case "EMAIL_SENT" -> emailed++;
            case "CANCELLED", "STALE" -> suppressed++;
            case "CAPPED" -> capped++;
            case "EXPIRED" -> expired++;
            case "FAILED", "REJECTED" -> failed++;
            default -> inProgress++;
        }
    }

    public Tally add(Tally other) {
        handled += other.handled;
        sentByText += other.sentByText;
        texted += other.texted;
        receipted += other.receipted;
        delivered += other.delivered;
        undeliverable += other.undeliverable;
        emailed += other.emailed;
        confirmed += other.confirmed;
        rescheduleRequested += other.rescheduleRequested;
        optedOut += other.optedOut;
        suppressed += other.suppressed;
        capped += other.capped;
        expired += other.expired;
        failed += other.failed;
        inProgress += other.inProgress;
        return this;
    }

    public long handled() {
        return handled;
    }

    public long sent() {
        return sentByText + emailed;
    }

    /** Reminders that ended texted (SMS_SENT), not emailed after. */
    public long sentByText() {
        return sentByText;
    }

    public long texted() {
        return texted;
    }

    public long delivered() {
        return delivered;
    }

    public long undeliverable() {
        return undeliverable;
    }

    public long emailed() {
        return emailed;
    }

    public long confirmed() {
        return confirmed;
    }

    public long rescheduleRequested() {
        return rescheduleRequested;
    }

    public long optedOut() {
        return optedOut;
    }

    public long suppressed() {
        return suppressed;
    }

    public long capped() {
        return capped;
    }

    public long expired() {
        return expired;
    }

    public long failed() {
        return failed;
    }

    public long inProgress() {
        return inProgress;
    }

    /**
     * Delivered of the texts sent. Texts whose receipt has not come count as not delivered; null without texts, or
     * when no text has any receipt (texts sent through SNS, which reports no delivery per message).
     */
    public Double deliveryRate() {
        return receipted == 0 ? null : rate(delivered, texted);
    }

    /** Confirmed by the patient of the reminders sent; null when none was sent. */
    public Double confirmationRate() {
        return rate(confirmed, sent());
    }

    /** Emailed of the reminders sent: the share the text could not carry; null when none was sent. */
    public Double emailShare() {
        return rate(emailed, sent());
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
