package org.appointmentreminders.worker.queue;

import java.util.concurrent.CompletableFuture;

/**
 * What the poller hands each received message to. The handler starts the work and returns at once; the future
 * completes when the message is settled (or left to reappear), never exceptionally for a delivery failure.
 */
public interface MessageHandler {
    CompletableFuture<Void> handle(InboundMessage message);
}
