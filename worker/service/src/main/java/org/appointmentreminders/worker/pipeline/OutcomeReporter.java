package org.appointmentreminders.worker.pipeline;

import static net.logstash.logback.argument.StructuredArguments.kv;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.metrics.Metrics;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON log line and the metrics for each message's outcome. Only identifiers and codes are logged: never a phone
 * number, an email address, a name or message text.
 */
@Singleton
public final class OutcomeReporter {
    private static final Logger log = LoggerFactory.getLogger("reminders.outcome");

    private final Metrics metrics;
    private final Clock clock;

    @Inject
    public OutcomeReporter(Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param reminderId null when the message had no readable reminderId
     * @param detail an error or reason code, or null
     */
    public void report(InboundMessage message, String reminderId, Outcome outcome, String detail) {
        Duration latency = Duration.between(message.sentAt(), clock.instant());
        if (outcome.isFinal()) {
            metrics.count(MetricNames.forOutcome(outcome));
            metrics.latency(latency);
        }
        log.info("reminder {}", outcome,
                kv("reminderId", reminderId),
                kv("sqsMessageId", message.messageId()),
                kv("outcome", outcome.name()),
                kv("attempt", message.receiveCount()),
                kv("latencyMs", latency.toMillis()),
                kv("detail", detail));
    }
}
