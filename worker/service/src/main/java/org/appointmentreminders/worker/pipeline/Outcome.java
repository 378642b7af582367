package org.appointmentreminders.worker.pipeline;

/**
 * What became of one received message. {@link #RETRY} and {@link #DEFERRED} are steps: the message comes back for
 * another attempt. The others are counted as the message's outcome.
 */
public enum Outcome {
    /** The SMS was accepted by SNS. */
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
    /** A transient failure; the message becomes visible again after a backoff. */
    RETRY,
    /** Another worker holds the reminder's claim; the message comes back after the claim's lease. */
    DEFERRED;

    /** Counted in the metrics as the message's outcome; RETRY and DEFERRED are only steps towards one. */
    public boolean isCounted() {
        return this != RETRY && this != DEFERRED;
    }

    /**
     * The reminder is over for good: nothing more will be sent, and a later message with its reminderId is a
     * duplicate. FAILED and REJECTED are not: a redriven or corrected message may still succeed.
     */
    public boolean endsReminder() {
        return this == SMS_SENT || this == EMAIL_SENT || this == EXPIRED;
    }
}
