package org.appointmentreminders.worker.pipeline;

import static net.logstash.logback.argument.StructuredArguments.kv;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.appointmentreminders.worker.delivery.SendResult;
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
     * @param decided what the pipeline decided; its sends are counted
     * @param applied what was carried out: the decision itself, or the retry it became when acting on it failed
     */
    public void report(InboundMessage message, Decision decided, Decision applied) {
        countSends(decided);
        Duration latency = Duration.between(message.sentAt(), clock.instant());
        Outcome outcome = applied.outcome();
        if (outcome.isCounted()) {
            metrics.count(metricFor(outcome));
            if (!outcome.isChange()) {
                metrics.latency(latency);
            }
        }
        log.info("reminder {}", outcome,
                kv("reminderId", applied.reminderId()),
                kv("sqsMessageId", message.messageId()),
                kv("outcome", outcome.name()),
                kv("attempt", message.receiveCount()),
                kv("latencyMs", latency.toMillis()),
                kv("detail", applied.detail()));
    }

    private void countSends(Decision decided) {
        decided.sends().sms().ifPresent(sms -> {
            metrics.count(MetricNames.SMS_ATTEMPTS);
            if (!(sms instanceof SendResult.Sent)) {
                metrics.count(MetricNames.SMS_FAILURES);
            }
            if (decided.outcome() == Outcome.RETRY && decided.sends().email().isEmpty()
                    && (sms instanceof SendResult.Transient || sms instanceof SendResult.Throttled)) {
                metrics.count(MetricNames.SMS_RETRIES);
            }
        });
        decided.sends().email().ifPresent(email -> {
            if (!(email instanceof SendResult.Sent)) {
                metrics.count(MetricNames.EMAIL_FAILURES);
            }
        });
    }

    /** The count metric of an outcome that is counted. */
    static String metricFor(Outcome outcome) {
        return switch (outcome) {
            case SMS_SENT -> MetricNames.SMS_SENT;
            case EMAIL_SENT -> MetricNames.EMAIL_SENT;
            case EXPIRED -> MetricNames.EXPIRED;
            case REJECTED -> MetricNames.REJECTED;
            case FAILED -> MetricNames.FAILED;
            case DUPLICATE -> MetricNames.DUPLICATE;
            case CANCELLED -> MetricNames.CANCELLED;
            case STALE -> MetricNames.STALE;
            case CAPPED -> MetricNames.CAPPED;
            case CHANGE_RECORDED -> MetricNames.APPOINTMENT_CHANGES;
            case CHANGE_SUPERSEDED -> MetricNames.APPOINTMENT_CHANGES_SUPERSEDED;
            case RETRY, DEFERRED, WAITING, AWAITING_RECEIPT, CHECKED ->
                    throw new IllegalArgumentException(outcome + " is not counted");
        };
    }
}
