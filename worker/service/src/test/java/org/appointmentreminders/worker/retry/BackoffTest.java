package org.appointmentreminders.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final WorkerConfig.Retry RETRY =
            new WorkerConfig.Retry(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofHours(1));

    private static Backoff backoff(WorkerConfig.Retry retry, double random) {
        return new Backoff(retry, () -> random);
    }

    @Test
    void noJitterGivesTheMinDelayWhateverTheAttempt() {
        Backoff backoff = backoff(RETRY, 0.0);

        for (int attempt = 1; attempt <= 50; attempt++) {
            assertThat(backoff.delayAfter(attempt)).as("attempt %d", attempt).isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void fullJitterAddsBaseTimesTwoToTheAttemptMinusOne() {
        Backoff backoff = backoff(RETRY, 1.0);

        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(30 + 60));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(30 + 120));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(30 + 240));
        assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(30 + 1920));
    }

    @Test
    void halfJitterAddsHalfTheCeiling() {
        Backoff backoff = backoff(RETRY, 0.5);

        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(30 + 30));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(30 + 60));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(30 + 120));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(30 + 240));
    }

    @Test
    void jitterCeilingGrowsWithTheAttemptUntilTheCap() {
        Backoff backoff = backoff(RETRY, 1.0);

        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt <= 6; attempt++) {
            Duration delay = backoff.delayAfter(attempt);
            assertThat(delay).as("attempt %d", attempt).isGreaterThan(previous);
            previous = delay;
        }
        // 30 s + 60 s * 2^6 is beyond one hour.
        assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.delayAfter(8)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void neverAboveMaxDelayEvenForHugeAttempts() {
        WorkerConfig.Retry defaults =
                new WorkerConfig.Retry(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofHours(11));
        for (double random : new double[] {0.0, 0.5, 0.999, 1.0}) {
            Backoff backoff = backoff(defaults, random);
            for (int attempt : new int[] {1, 10, 20, 31, 32, 33, 63, 64, 65, 1000, Integer.MAX_VALUE}) {
                assertThat(backoff.delayAfter(attempt))
                        .as("attempt %d, random %s", attempt, random)
                        .isLessThanOrEqualTo(Duration.ofHours(11))
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
            }
        }
        assertThat(backoff(defaults, 1.0).delayAfter(1000)).isEqualTo(Duration.ofHours(11));
        assertThat(backoff(defaults, 0.5).delayAfter(1000)).isEqualTo(Duration.ofSeconds(30 + 11 * 3600 / 2));
    }

    @Test
    void minDelayAloneIsCappedAtMaxDelay() {
        WorkerConfig.Retry retry =
                new WorkerConfig.Retry(Duration.ofSeconds(50), Duration.ofSeconds(60), Duration.ofSeconds(100));

        assertThat(backoff(retry, 1.0).delayAfter(1)).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void delaysAreWholeSecondsRoundedUp() {
        WorkerConfig.Retry retry =
                new WorkerConfig.Retry(Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(1));

        // 1 ms of jitter still hides the message for a whole second, never for zero.
        assertThat(backoff(retry, 0.001).delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        // 1.5 s becomes 2 s.
        assertThat(backoff(retry, 0.75).delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        // 2.001 s becomes 3 s.
        assertThat(backoff(new WorkerConfig.Retry(Duration.ofMillis(2001), Duration.ofSeconds(1),
                Duration.ofHours(1)), 0.0).delayAfter(1)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff(retry, 0.0).delayAfter(1)).isEqualTo(Duration.ZERO);
        for (double random = 0.0; random <= 1.0; random += 0.037) {
            Duration delay = backoff(retry, random).delayAfter(3);
            assertThat(delay.getNano()).isZero();
            assertThat(delay.toMillis()).isGreaterThanOrEqualTo((long) (random * 4000));
        }
    }

    @Test
    void guaranteedSurvivalIsTheMinDelayForEveryReceiveButTheFinalOne() {
        Backoff backoff = backoff(RETRY, 0.5);

        assertThat(backoff.guaranteedSurvival(5)).isEqualTo(Duration.ofSeconds(4 * 30));
        assertThat(backoff.guaranteedSurvival(1)).isEqualTo(Duration.ZERO);
        assertThat(backoff.guaranteedSurvival(0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void guaranteedSurvivalHoldsForTheSmallestDraws() {
        Backoff backoff = backoff(RETRY, 0.0);
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < 5; attempt++) {
            total = total.plus(backoff.delayAfter(attempt));
        }

        assertThat(total).isGreaterThanOrEqualTo(backoff.guaranteedSurvival(5));
    }

    @Test
    void expectedSurvivalSumsTheMeanDelaysBeforeTheFinalReceive() {
        Backoff backoff = backoff(RETRY, 0.5);

        // (30 + 30) + (30 + 60) + (30 + 120)
        assertThat(backoff.expectedSurvival(4)).isEqualTo(Duration.ofSeconds(300));
        assertThat(backoff.expectedSurvival(1)).isEqualTo(Duration.ZERO);
        Duration halfJitter = Duration.ZERO;
        for (int attempt = 1; attempt < 6; attempt++) {
            halfJitter = halfJitter.plus(backoff.delayAfter(attempt));
        }
        assertThat(backoff.expectedSurvival(6)).isEqualTo(halfJitter);
    }

    @Test
    void expectedSurvivalCountsEachDelayAtMostMaxDelay() {
        Backoff backoff = backoff(RETRY, 0.5);

        // Attempts 1..6 are below the cap: 60 + 90 + 150 + 270 + 510 + 990; attempts 7..9 reach 30 s + 30 min.
        long uncapped = 60 + 90 + 150 + 270 + 510 + 990;
        assertThat(backoff.expectedSurvival(10)).isEqualTo(Duration.ofSeconds(uncapped + 3 * (30 + 1800)));
        assertThat(backoff.expectedSurvival(10)).isGreaterThan(backoff.guaranteedSurvival(10));
    }
}
