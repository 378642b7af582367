package org.appointmentreminders.worker.retry;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.appointmentreminders.worker.config.WorkerConfig;

/**
 * How long a message hides before its next attempt: {@code min-delay} plus full jitter, a uniformly random delay of
 * up to {@code base-delay * 2^(attempt - 1)}, all capped at {@code max-delay}. The jitter spreads the retries of an
 * outage's backlog apart; the floor makes the time before the final receive predictable, so an outage shorter than
 * {@link #guaranteedSurvival} never pushes a reminder into its last attempt.
 */
@Singleton
public final class Backoff {
    private final Duration minDelay;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final DoubleSupplier random;

    @Inject
    public Backoff(WorkerConfig.Retry retry) {
        this(retry, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** A backoff drawing its jitter from {@code random} (0 inclusive to 1 exclusive). */
    public static Backoff withRandom(WorkerConfig.Retry retry, DoubleSupplier random) {
        return new Backoff(retry, random);
    }

    Backoff(WorkerConfig.Retry retry, DoubleSupplier random) {
        this.minDelay = retry.minDelay();
        this.baseDelay = retry.baseDelay();
        this.maxDelay = retry.maxDelay();
        this.random = random;
    }

    /** The delay after the given receive failed; the first receive is attempt 1. */
    public Duration delayAfter(int attempt) {
        long jitterMillis = (long) (random.getAsDouble() * ceilingMillis(attempt));
        long millis = minDelay.toMillis() + jitterMillis;
        // SQS counts visibility in whole seconds: round up, so a delay is never shorter than promised.
        long seconds = (millis + 999) / 1000;
        return Duration.ofSeconds(Math.min(seconds, maxDelay.toSeconds()));
    }

    /** Twice {@code delay}, at most {@code cap}: for pacing retries of the worker's own calls (receives, records). */
    public static Duration doubled(Duration delay, Duration cap) {
        Duration twice = delay.multipliedBy(2);
        return twice.compareTo(cap) > 0 ? cap : twice;
    }

    /** The shortest time between a message's first receive and its final one, whatever the jitter draws. */
    public Duration guaranteedSurvival(int maxReceiveCount) {
        return minDelay.multipliedBy(Math.max(0, maxReceiveCount - 1));
    }

    /** The mean time between a message's first receive and its final one. */
    public Duration expectedSurvival(int maxReceiveCount) {
        long millis = 0;
        for (int attempt = 1; attempt < maxReceiveCount; attempt++) {
            millis += Math.min(maxDelay.toMillis(), minDelay.toMillis() + ceilingMillis(attempt) / 2);
        }
        return Duration.ofMillis(millis);
    }

    private long ceilingMillis(int attempt) {
        int exponent = Math.min(Math.max(attempt, 1) - 1, 40);
        double ceiling = baseDelay.toMillis() * Math.pow(2, exponent);
        return (long) Math.min(ceiling, maxDelay.toMillis());
    }
}
