package org.appointmentreminders.worker.queue;

import java.time.Duration;
import org.appointmentreminders.worker.config.WorkerConfig;

/**
 * The most messages the worker may hold at once. Each must finish before its visibility timeout V ends, and the
 * slowest one takes the message budget B, so: a thread can see through V / B messages, and the SMS rate limiter lets
 * rate * (V - B) of them start in time. The configured maximum is lowered to whichever bound is smaller.
 */
public record InFlightLimit(int value, String reason) {

    public static InFlightLimit of(WorkerConfig.Processing processing, WorkerConfig.Sms sms,
                                   Duration visibilityTimeout) {
        Duration budget = processing.messageBudget();
        if (visibilityTimeout.compareTo(budget) <= 0) {
            throw new IllegalStateException("the queue's visibility timeout (" + visibilityTimeout.toSeconds()
                    + " s) must be longer than reminders.processing.message-budget (" + budget.toSeconds()
                    + " s): a message could reappear while still being processed");
        }
        long byThreads = (long) processing.threads() * (visibilityTimeout.toMillis() / budget.toMillis());
        long byRate = (long) Math.floor(sms.ratePerSecond()
                * visibilityTimeout.minus(budget).toMillis() / 1000.0);
        int configured = processing.maxInFlight();
        long value = Math.max(1, Math.min(configured, Math.min(byThreads, byRate)));
        String reason = value == configured ? "reminders.processing.max-in-flight"
                : value == byThreads ? "threads x visibility timeout / message budget"
                : "SMS rate x (visibility timeout - message budget)";
        return new InFlightLimit((int) value, reason);
    }
}
