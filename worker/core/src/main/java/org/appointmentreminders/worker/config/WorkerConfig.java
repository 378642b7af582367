package org.appointmentreminders.worker.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.appointmentreminders.worker.config.Bounds.Between;
import org.appointmentreminders.worker.config.Bounds.DecimalBetween;
import org.appointmentreminders.worker.config.Bounds.DurationBetween;
import org.appointmentreminders.worker.config.Bounds.HttpUrl;
import org.appointmentreminders.worker.config.Bounds.Required;
import org.appointmentreminders.worker.config.Bounds.ShownMasked;
import org.appointmentreminders.worker.config.Bounds.SimpleName;
import org.appointmentreminders.worker.sqs.SqsLimits;

/**
 * The worker's whole configuration, bound from {@code reminders.*} by {@link ConfigLoader}: each component reads the
 * key of its name ({@code messageBudget} is {@code message-budget}), and its annotation says what it accepts.
 * Classes are given the section they need, not this whole record. Defaults and why: config/application.conf.
 */
public record WorkerConfig(
        @SimpleName String environment,
        Aws aws,
        Queue queue,
        Processing processing,
        Retry retry,
        Sms sms,
        Email email,
        Ledger ledger,
        Metrics metrics,
        Shutdown shutdown,
        Health health) {

    /** The name under which the environment's name is bound, for the few that need it (metrics, logs). */
    public static final String ENVIRONMENT = "reminders.environment";

    public record Aws(
            String region,
            Endpoints endpoints,
            @DurationBetween(min = "100ms", max = "5m") Duration callTimeout,
            @DurationBetween(min = "100ms", max = "5m") Duration attemptTimeout) {
    }

    /** Per-service endpoint overrides; empty means the AWS endpoint of the region. */
    public record Endpoints(
            Optional<URI> sqs,
            Optional<URI> sns,
            Optional<URI> ses,
            Optional<URI> dynamodb,
            Optional<URI> cloudwatch) {
    }

    public record Queue(
            @Required @HttpUrl String url,
            @Required @HttpUrl String deadLetterUrl,
            @Between(min = 1, max = 64) int pollers,
            @DurationBetween(min = "0s", max = "20s") Duration waitTime) {
    }

    public record Processing(
            @Between(min = 1, max = 100_000) int maxInFlight,
            @DurationBetween(min = "1s", max = "1h") Duration messageBudget) {

        /**
         * The longest a message waits for its turn to be texted; beyond it, the turn would eat the message's budget.
         * The worker holds no more messages than the SMS rate lets start within this wait.
         */
        public Duration longestWaitForSendSlot() {
            return messageBudget.dividedBy(2);
        }
    }

    public record Retry(
            @DurationBetween(min = "0s", max = SqsLimits.LONGEST_VISIBILITY_TEXT) Duration minDelay,
            @DurationBetween(min = "1s", max = SqsLimits.LONGEST_VISIBILITY_TEXT) Duration baseDelay,
            @DurationBetween(min = "1s", max = SqsLimits.LONGEST_VISIBILITY_TEXT) Duration maxDelay) {
    }

    public record Sms(
            @DecimalBetween(min = "0.01", max = "100000") double ratePerSecond,
            @ShownMasked Optional<String> originationNumber,
            Optional<String> senderId,
            @DecimalBetween(min = "0.001", max = "100") BigDecimal maxPriceUsd,
            @DurationBetween(min = "1s", max = "1d") Duration optOutRefresh,
            @DurationBetween(min = "1s", max = "1m") Duration fleetHeartbeat) {
    }

    public record Email(@Required @ShownMasked String sender, @Required String templatePrefix) {
    }

    public record Ledger(
            @Required String table,
            @DurationBetween(min = "1s", max = "12h") Duration lease,
            @DurationBetween(min = "1d", max = "3650d") Duration retention) {
    }

    public record Metrics(@DurationBetween(min = "1s", max = "1h") Duration interval) {
    }

    public record Shutdown(@DurationBetween(min = "0s", max = "10m") Duration grace) {
    }

    public record Health(@Between(min = 0, max = 65535) int port) {
    }
}
