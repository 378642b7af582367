package org.appointmentreminders.worker.ehr;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.events.PendingEvent;

/** The reminder events written to the ledger and not yet published. */
public interface PendingEvents {
    /** The reminder's ids and pending events; empty when the ledger has no such reminder. */
    CompletableFuture<Optional<ReminderFacts>> read(String reminderId);

    /** Removes events once published. */
    CompletableFuture<Void> clear(String reminderId, List<PendingEvent> published);
}
