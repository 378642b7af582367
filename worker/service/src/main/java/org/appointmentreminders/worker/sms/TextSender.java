package org.appointmentreminders.worker.sms;

import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.delivery.SendResult;

/** Sends a text that is not a reminder (an answer to a reply), paced with the reminders' texts. */
public interface TextSender {
    CompletableFuture<SendResult> send(OutgoingText text);
}
