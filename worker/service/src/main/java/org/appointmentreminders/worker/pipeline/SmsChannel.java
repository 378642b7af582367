package org.appointmentreminders.worker.pipeline;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.delivery.SendResult;

/**
 * Texts the reminder to the patient's phone; the channel renders the text from the language's template. The
 * future always completes with a result, failures included: it never fails.
 */
public interface SmsChannel {
    /**
     * {@code startBy}: the latest the call to the carrier may start (the claim's lease must outlast the send and its
     * record); later, nothing is sent and the result is {@link SendResult.Transient} {@code claim_expiring}.
     */
    CompletableFuture<SendResult> send(ReminderMessage reminder, Instant startBy);
}
