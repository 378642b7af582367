package org.appointmentreminders.worker.pipeline;

import java.time.Instant;

/** The answer of {@link ReminderLedger#claim}. */
public sealed interface ClaimResult {
    /** The reminder is ours until the lease ends. */
    record Claimed(Claim claim) implements ClaimResult {
    }

    /**
     * The reminder already ended ({@code status} as the ledger names it): nothing more to send.
     *
     * @param awaitingReceipt texted, and the carrier has not said yet whether the text arrived
     * @param eventsPending the ledger holds events for the EHR not yet published
     */
    record AlreadyEnded(String status, boolean awaitingReceipt, boolean eventsPending) implements ClaimResult {
        public AlreadyEnded(String status) {
            this(status, false, false);
        }
    }

    /** Another worker holds it; try again after its lease. */
    record HeldElsewhere(Instant leaseUntil) implements ClaimResult {
    }
}
