package org.appointmentreminders.worker.receipts;

import java.time.Instant;

/**
 * One End User Messaging SMS event about one text: what the ledger keeps of it. Receipts come late, twice and out of
 * order; {@link #rank} orders them so that the ledger keeps the truth: a final event above any that is not, then the
 * later one (a TEXT_DELIVERED is never overwritten by an older TEXT_PENDING, nor by a later non-final one).
 *
 * @param reminderId from the event's context, as the worker sent it
 * @param forReminder the text was the reminder itself (not an answer to a reply)
 */
public record DeliveryReceipt(String reminderId, String smsMessageId, String eventType, boolean isFinal,
                              Instant at, boolean forReminder) {

    /** Above any epoch millisecond of this era: a final receipt outranks every non-final one. */
    private static final long FINAL = 10_000_000_000_000L;

    /**
     * Delivered: TEXT_DELIVERED, or a final TEXT_SUCCESSFUL (accepted by a carrier that reports nothing further). Any
     * other final event (blocked, unreachable, spam, invalid, expired, unknown after 72 hours) means it did not
     * arrive; anything not final is on its way.
     */
    public DeliveryState state() {
        if ("TEXT_DELIVERED".equals(eventType) || ("TEXT_SUCCESSFUL".equals(eventType) && isFinal)) {
            return DeliveryState.DELIVERED;
        }
        return isFinal ? DeliveryState.UNDELIVERABLE : DeliveryState.PENDING;
    }

    public long rank() {
        return (isFinal ? FINAL : 0) + at.toEpochMilli();
    }
}
