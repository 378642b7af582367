package org.appointmentreminders.worker.ledger;

/** A reminder's state in the ledger. */
public enum LedgerStatus {
    CLAIMED,
    SMS_SENT,
    EMAIL_SENT,
    EXPIRED,
    REJECTED,
    FAILED;

    /**
     * The reminder is over for good: a later message with the same reminderId is a duplicate. FAILED and REJECTED
     * are not: a redriven or corrected message may still succeed.
     */
    public boolean endsReminder() {
        return this == SMS_SENT || this == EMAIL_SENT || this == EXPIRED;
    }
}
