package org.appointmentreminders.worker.queue;

import java.time.Duration;
import org.appointmentreminders.worker.config.WorkerConfig;

/**
 * The most messages the worker may hold at once: the configured maximum, lowered to what the SMS rate can text
 * within the longest wait for a send slot, so no message is received only to wait for its turn until it must be given
 * back. The rate may change while the worker runs (its share of a fleet's limit), and the limit follows it.
 */
public final class InFlightLimit implements Room {
    private final int configured;
    private final SendCapacity capacity;
    private final double waitSeconds;

    public InFlightLimit(WorkerConfig.Processing processing, SendCapacity capacity, Duration visibilityTimeout) {
        Duration budget = processing.messageBudget();
        if (visibilityTimeout.compareTo(budget) <= 0) {
            throw new IllegalStateException("the queue's visibility timeout (" + visibilityTimeout.toSeconds()
                    + " s) must be longer than reminders.processing.message-budget (" + budget.toSeconds()
                    + " s): a message could reappear while still being processed");
        }
        this.configured = processing.maxInFlight();
        this.capacity = capacity;
        this.waitSeconds = processing.longestWaitForSendSlot().toMillis() / 1000.0;
    }

    @Override
    public int value() {
        long byRate = (long) Math.floor(capacity.perSecond() * waitSeconds);
        return (int) Math.max(1, Math.min(configured, byRate));
    }

    @Override
    public String reason() {
        return value() == configured ? "reminders.processing.max-in-flight"
                : "SMS rate x half the message budget";
    }
}
