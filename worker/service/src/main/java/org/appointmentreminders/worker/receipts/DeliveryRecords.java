package org.appointmentreminders.worker.receipts;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.ehr.ReminderFacts;
import org.appointmentreminders.worker.events.PendingEvent;

/** What receipts need from the ledger. */
public interface DeliveryRecords {

    /**
     * Records the receipt unless the ledger already knows as much or more (a higher {@link DeliveryReceipt#rank});
     * {@code tell} is written with it when it changes the reminder's {@link DeliveryState}.
     */
    CompletableFuture<Result> record(DeliveryReceipt receipt, Optional<PendingEvent> tell);

    sealed interface Result {
        /** The receipt told the ledger something new; the reminder as it now stands. */
        record Changed(ReminderFacts facts) implements Result {
        }

        /** The ledger knew as much or more (late, twice, out of order); the reminder as it stands. */
        record Unchanged(ReminderFacts facts) implements Result {
        }

        /** The reminder is being texted and its text is not recorded yet: the receipt came first. */
        record NotYetRecorded() implements Result {
        }

        /** No reminder texted as this message: gone from the ledger, or texted again since. */
        record Unknown() implements Result {
        }
    }
}
