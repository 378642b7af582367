package org.appointmentreminders.worker.pipeline;

/**
 * What became of one received message. The first six are final for that message; {@link #RETRY} and
 * {@link #DEFERRED} mean it stays in the queue and comes back later.
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
    /** The reminder was already final (enqueued twice, or delivered twice by SQS); nothing sent. */
    DUPLICATE,
    /** A transient failure; the message becomes visible again after a backoff. */
    RETRY,
    /** Another worker holds the reminder's claim; the message comes back after the claim's lease. */
    DEFERRED;

    public boolean isFinal() {
        return this != RETRY && this != DEFERRED;
    }
}
