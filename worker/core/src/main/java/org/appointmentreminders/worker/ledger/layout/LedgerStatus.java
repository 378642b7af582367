package org.appointmentreminders.worker.ledger.layout;

/** A reminder's state in the ledger. */
public enum LedgerStatus {
    CLAIMED,
    SMS_SENT,
    EMAIL_SENT,
    EXPIRED,
    REJECTED,
    FAILED,
    /** Not sent: its appointment was cancelled. */
    CANCELLED,
    /** Not sent: its appointment moved to another start. */
    STALE,
    /** Not sent: the patient's phone had all the texts the frequency cap allows, and there was no email address. */
    CAPPED;

    /**
     * The reminder is over for good: a later message with the same reminderId is a duplicate. FAILED and REJECTED
     * are not: a redriven or corrected message may still succeed. Nor are CANCELLED and STALE: the appointment may be
     * booked again, or moved back, by a newer change, and a reminder with the same id is then judged afresh.
     */
    public boolean endsReminder() {
        return this == SMS_SENT || this == EMAIL_SENT || this == EXPIRED || this == CAPPED;
    }
}
