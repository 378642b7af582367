package org.appointmentreminders.worker.ledger;

import java.time.Instant;

/** The answer of {@link OutcomeLedger#claim}. */
public sealed interface ClaimResult {
    /** The reminder is ours until the lease ends. */
    record Claimed(Claim claim) implements ClaimResult {
    }

    /** The reminder already reached a final state: nothing more to send. */
    record AlreadyFinal(LedgerStatus status) implements ClaimResult {
    }

    /** Another worker holds it; try again after its lease. */
    record HeldElsewhere(Instant leaseUntil) implements ClaimResult {
    }
}
