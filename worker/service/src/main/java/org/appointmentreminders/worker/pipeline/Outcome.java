package org.appointmentreminders.worker.pipeline;

/**
 * What became of one received message. {@link #RETRY}, {@link #DEFERRED} and {@link #WAITING} are steps: the
 * message comes back for another attempt. The others are counted as the message's outcome.
 */
public enum Outcome {
    /** The SMS was accepted by SNS or End User Messaging. */
    SMS_SENT,
    /** SMS was impossible or kept failing; the fallback email was accepted by SES. */
    EMAIL_SENT,
    /** Too late to remind: now is after the reminder's sendBefore (default: the appointment's start). */
    EXPIRED,
    /** The message breaks the contract; it went to the dead-letter queue with its violations. */
    REJECTED,
    /** Neither SMS nor email got through; the message goes to the dead-letter queue for redrive. */
    FAILED,
    /** The reminder had already ended (enqueued twice, or delivered twice by SQS); nothing sent. */
    DUPLICATE,
    /** Not sent: the appointment was cancelled. */
    CANCELLED,
    /** Not sent: the appointment moved to another start. */
    STALE,
    /** Not sent: the phone had every text the frequency cap allows, and there was no email address. */
    CAPPED,
    /** An appointment change, applied: reminders of the appointment as it was are not sent from now on. */
    CHANGE_RECORDED,
    /** An appointment change older than one already applied (changes arrive out of order): nothing to do. */
    CHANGE_SUPERSEDED,
    /** Outside the send window: back to the queue as a new message until it opens. */
    WAITING,
    /** A delivery check found the carrier's answer not in yet: checked again later. */
    AWAITING_RECEIPT,
    /** A delivery check found nothing to do: the text arrived, or the reminder ended otherwise. */
    CHECKED,
    /** A transient failure; the message becomes visible again after a backoff. */
    RETRY,
    /** Another worker holds the reminder's claim; the message comes back after the claim's lease. */
    DEFERRED;

    /**
     * Counted in the metrics as the message's outcome. RETRY, DEFERRED and WAITING are only steps towards one; a
     * delivery check's AWAITING_RECEIPT and CHECKED come after the reminder's own outcome was counted.
     */
    public boolean isCounted() {
        return this != RETRY && this != DEFERRED && this != WAITING && this != AWAITING_RECEIPT && this != CHECKED;
    }

    /** The outcome of an appointment change, not of a reminder. */
    public boolean isChange() {
        return this == CHANGE_RECORDED || this == CHANGE_SUPERSEDED;
    }

    /**
     * The reminder is over for good: nothing more will be sent, and a later message with its reminderId is a
     * duplicate. FAILED and REJECTED are not (a redriven or corrected message may still succeed), nor are CANCELLED
     * and STALE (a newer change may book the appointment again).
     */
    public boolean endsReminder() {
        return this == SMS_SENT || this == EMAIL_SENT || this == EXPIRED || this == CAPPED;
    }
}
