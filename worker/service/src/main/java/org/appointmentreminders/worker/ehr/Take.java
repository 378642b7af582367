package org.appointmentreminders.worker.ehr;

import java.time.Duration;

/** What a pass found when it tried to take a reminder's pending events. */
public sealed interface Take {
    /** The events are this pass's to publish until its lease ends. */
    record Taken(ReminderFacts facts) implements Take {
    }

    /** No events are pending, or the ledger has no such reminder: nothing to do. */
    record NothingPending() implements Take {
    }

    /**
     * Another pass holds the events for {@code remaining} more. It publishes what it finds; but a pass can end without
     * giving its lease back (a timed-out call the ledger applied, a worker stopped), so whoever meets a held lease
     * looks again once it ends.
     */
    record Held(Duration remaining) implements Take {
    }
}
