package org.appointmentreminders.worker.ehr;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.events.PendingEvent;

/**
 * The reminder events written to the ledger and not yet published. A pass takes them under a lease before publishing,
 * so that a receipt, a reply and a delivery check handled at once publish each event once, not once each.
 */
public interface PendingEvents {
    /** Takes the reminder's pending events for {@code lease}, unless there are none or another pass holds them. */
    CompletableFuture<Take> take(String reminderId, Duration lease);

    /**
     * Removes the events published (none, when every publish failed) and gives the lease back. Completes with whether
     * events are still pending: those that failed, and any written while the lease was held, whose writer found the
     * events taken and left them to the holder.
     */
    CompletableFuture<Boolean> clear(String reminderId, List<PendingEvent> published);
}
