package org.appointmentreminders.worker.queue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.retry.Backoff;

/**
 * A queue the worker reads beside the reminder queue (receipts, replies), with the three ways its handler settles a
 * message: done, later (hidden for a backoff; the queue's redrive policy ends a message that never succeeds), or to
 * the dead-letter queue now with why, when reading it again cannot help.
 */
public final class SideQueue {
    private final String name;
    private final Settler settler;
    private final Forwarder forwarder;
    private final Backoff backoff;

    public SideQueue(String name, Settler settler, Forwarder forwarder, Backoff backoff) {
        this.name = name;
        this.settler = settler;
        this.forwarder = forwarder;
        this.backoff = backoff;
    }

    public String name() {
        return name;
    }

    public void done(InboundMessage message) {
        settler.delete(message);
    }

    public void later(InboundMessage message) {
        settler.postpone(message, backoff.delayAfter(message.receiveCount()));
    }

    /** Completes once the message is forwarded and deleted (or, if forwarding failed, left to come back). */
    public CompletableFuture<Void> deadLetter(InboundMessage message, String reason) {
        return forwarder.toDeadLetterQueue(message, reason, List.of()).handle((sent, failure) -> {
            if (failure == null) {
                settler.delete(message);
            } else {
                later(message);
            }
            return null;
        });
    }
}
