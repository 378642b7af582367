package org.appointmentreminders.worker.sms;

import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.delivery.SendResult;

/** The carrier-facing call that sends one text. The future always completes with a result, failures included. */
public interface TextApi {
    CompletableFuture<SendResult> send(OutgoingText text);
}
