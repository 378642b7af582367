package org.appointmentreminders.worker.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The worker's whole configuration, typed and validated once at start-up by {@link ConfigLoader}. */
public record WorkerConfig(
        String environment,
        Aws aws,
        Queue queue,
        Processing processing,
        Retry retry,
        Sms sms,
        Email email,
        Ledger ledger,
        Metrics metrics,
        Duration shutdownGrace,
        int healthPort) {

    /** Per-service endpoint overrides are empty for the real AWS endpoints. */
    public record Aws(
            String region,
            Optional<URI> sqsEndpoint,
            Optional<URI> snsEndpoint,
            Optional<URI> sesEndpoint,
            Optional<URI> dynamodbEndpoint,
            Optional<URI> cloudwatchEndpoint,
            Duration callTimeout,
            Duration attemptTimeout) {
    }

    public record Queue(String url, String deadLetterUrl, int pollers, Duration waitTime) {
    }

    public record Processing(int threads, int maxInFlight, Duration messageBudget) {
    }

    public record Retry(Duration minDelay, Duration baseDelay, Duration maxDelay) {
    }

    public record Sms(
            double ratePerSecond,
            Optional<String> originationNumber,
            Optional<String> senderId,
            BigDecimal maxPriceUsd,
            Duration optOutRefresh) {
    }

    public record Email(String sender, String templatePrefix) {
    }

    public record Ledger(String table, Duration lease, Duration retention) {
    }

    public record Metrics(Duration interval) {
    }
}
