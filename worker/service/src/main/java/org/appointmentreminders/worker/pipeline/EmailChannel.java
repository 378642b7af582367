package org.appointmentreminders.worker.pipeline;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.delivery.SendResult;

/**
 * Emails the reminder to the patient's address, which the caller has checked is present. The future always
 * completes with a result, failures included: it never fails.
 */
public interface EmailChannel {
    /** {@code startBy}: as for {@link SmsChannel#send}. */
    CompletableFuture<SendResult> send(ReminderMessage reminder, Instant startBy);
}
