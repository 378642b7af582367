package org.appointmentreminders.worker.pipeline;

import java.time.Instant;

/** The answer of {@link ReminderLedger#claim}. */
public sealed interface ClaimResult {
    /** The reminder is ours until the lease ends. */
    record Claimed(Claim claim) implements ClaimResult {
    }

    /** The reminder already ended ({@code status} as the ledger names it): nothing more to send. */
    record AlreadyEnded(String status) implements ClaimResult {
    }

    /** Another worker holds it; try again after its lease. */
    record HeldElsewhere(Instant leaseUntil) implements ClaimResult {
    }
}
