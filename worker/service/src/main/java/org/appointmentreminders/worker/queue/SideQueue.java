package org.appointmentreminders.worker.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.retry.Backoff;

/**
 * A queue the worker reads beside the reminder queue (receipts, replies), with the ways its handler settles a
 * message: done, later (hidden for a backoff; the queue's redrive policy ends a message that never succeeds), shortly
 * (a few seconds, once, then as later), or to the dead-letter queue now with why, when reading it again cannot help.
 */
public final class SideQueue {
    /** Long enough for a worker to record the text it has just sent. */
    private static final Duration SHORTLY = Duration.ofSeconds(5);

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

    /**
     * Back in a few seconds the first time, for what another worker is about to write rather than for a failure (a
     * delivery receipt can arrive before its text is recorded as sent); after that, hidden for a backoff like
     * {@link #later}.
     */
    public void shortly(InboundMessage message) {
        if (message.receiveCount() > 1) {
            later(message);
            return;
        }
        settler.postpone(message, SHORTLY);
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
