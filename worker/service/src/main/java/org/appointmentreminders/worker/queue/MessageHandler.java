package org.appointmentreminders.worker.queue;

/** What the poller hands each received message to, on a pool thread. */
public interface MessageHandler {
    void handle(InboundMessage message);
}
