package org.appointmentreminders.worker.pipeline;

import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.delivery.SendResult;

/**
 * Texts the reminder to the patient's phone; the channel renders the text from the language's template. The
 * future always completes with a result, failures included: it never fails.
 */
public interface SmsChannel {
    CompletableFuture<SendResult> send(ReminderMessage reminder);
}
