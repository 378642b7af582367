package org.appointmentreminders.worker.delivery;

/** What happened to one send attempt, SMS or email. Error codes are the provider's, never message content. */
public sealed interface SendResult {
    record Sent(String providerMessageId) implements SendResult {
    }

    /** Worth retrying later: throttling, a 5xx, a timeout, a network error. */
    record Transient(String errorCode) implements SendResult {
        /** Not sent: the claim's lease could run out before the send and its record (a stalled worker). */
        public static final Transient CLAIM_EXPIRING = new Transient("claim_expiring");
    }

    /**
     * Refused for rate (AWS throttling, or no send slot in time here): retrying later will help, and it is never the
     * reminder's fault, so it must not cost the reminder its last chance.
     */
    record Throttled(String errorCode) implements SendResult {
    }

    /** Retrying will not help: an invalid or opted-out number, a rejected address. */
    record Permanent(String errorCode) implements SendResult {
        /** The patient opted out, whether the worker found it before sending or the carrier refused the text for it. */
        public static final String OPTED_OUT = "opted_out";
    }
}
