package org.appointmentreminders.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final double[] STEPS = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8};
    private static final long TWELVE_HOURS = Duration.ofHours(12).toMillis();

    /** Every allowed bucket value from 1 ms to beyond 12 h, computed independently of the production code. */
    private static TreeSet<Long> allowedBuckets() {
        TreeSet<Long> allowed = new TreeSet<>();
        long decade = 1;
        for (int k = 0; k <= 9; k++) {
            for (double step : STEPS) {
                allowed.add(Math.round(step * decade));
            }
            decade *= 10;
        }
        return allowed;
    }

    @Test
    void bucketIsTheNearestStep() {
        assertThat(Metrics.bucket(1234)).isEqualTo(1200);
        assertThat(Metrics.bucket(95)).isEqualTo(100);
        assertThat(Metrics.bucket(0)).isZero();
        assertThat(Metrics.bucket(-5)).isZero();
        assertThat(Metrics.bucket(1)).isEqualTo(1);
        assertThat(Metrics.bucket(3)).isEqualTo(3);
        assertThat(Metrics.bucket(14)).isEqualTo(15);
        assertThat(Metrics.bucket(17)).isEqualTo(15);
        assertThat(Metrics.bucket(230)).isEqualTo(250);
        assertThat(Metrics.bucket(999)).isEqualTo(1000);
        assertThat(Metrics.bucket(1000)).isEqualTo(1000);
        assertThat(Metrics.bucket(46_000)).isEqualTo(50_000);
        assertThat(Metrics.bucket(TWELVE_HOURS)).isEqualTo(40_000_000);
    }

    @Test
    void everyBucketIsAnAllowedStepAndNoStepIsCloser() {
        TreeSet<Long> allowed = allowedBuckets();
        for (long millis = 1; millis <= TWELVE_HOURS; millis = millis < 20_000 ? millis + 1 : millis + millis / 997) {
            long bucket = Metrics.bucket(millis);
            assertThat(allowed).as("bucket of %d", millis).contains(bucket);
            Long below = allowed.floor(millis);
            Long above = allowed.ceiling(millis);
            long nearest = Math.min(below == null ? Long.MAX_VALUE : millis - below,
                    above == null ? Long.MAX_VALUE : above - millis);
            assertThat(Math.abs(bucket - millis)).as("bucket of %d", millis).isEqualTo(nearest);
        }
    }

    @Test
    void atMostAboutEightyBucketsFromOneMillisecondToTwelveHours() {
        TreeSet<Long> seen = new TreeSet<>();
        for (long millis = 1; millis <= TWELVE_HOURS; millis = millis < 20_000 ? millis + 1 : millis + millis / 997) {
            seen.add(Metrics.bucket(millis));
        }
        seen.add(Metrics.bucket(TWELVE_HOURS));

        assertThat(seen.size()).isBetween(70, 80);
        assertThat(seen.first()).isEqualTo(1);
        assertThat(seen.last()).isEqualTo(40_000_000);
    }

    @Test
    void drainTakesEverythingAndResets() {
        Metrics metrics = new Metrics();
        metrics.count("SmsSent");
        metrics.count("SmsSent", 2);
        metrics.count("EmailSent");
        metrics.latency(Duration.ofMillis(1234));
        metrics.latency(Duration.ofMillis(1190));
        metrics.latency(Duration.ofMillis(95));

        Metrics.Snapshot first = metrics.drain();
        Metrics.Snapshot second = metrics.drain();

        assertThat(first.counts()).isEqualTo(Map.of("SmsSent", 3L, "EmailSent", 1L));
        assertThat(first.count("SmsSent")).isEqualTo(3);
        assertThat(first.count("Unknown")).isZero();
        assertThat(first.latencyMillis()).isEqualTo(Map.of(1200L, 2L, 100L, 1L));
        assertThat(second.counts()).isEmpty();
        assertThat(second.latencyMillis()).isEmpty();
    }

    @Test
    void negativeLatencyCountsInTheZeroBucket() {
        Metrics metrics = new Metrics();
        metrics.latency(Duration.ofMillis(-3));

        assertThat(metrics.drain().latencyMillis()).isEqualTo(Map.of(0L, 1L));
    }

    @Test
    void restorePutsCountsBackForTheNextDrain() {
        Metrics metrics = new Metrics();
        metrics.count("SmsSent", 3);
        metrics.latency(Duration.ofMillis(1234));
        Metrics.Snapshot unsent = metrics.drain();

        metrics.restore(unsent);
        metrics.count("SmsSent");
        metrics.count("SmsFailed");
        metrics.latency(Duration.ofMillis(1210));
        metrics.latency(Duration.ofMillis(40));
        Metrics.Snapshot next = metrics.drain();

        assertThat(next.counts()).isEqualTo(Map.of("SmsSent", 4L, "SmsFailed", 1L));
        assertThat(next.latencyMillis()).isEqualTo(Map.of(1200L, 2L, 40L, 1L));
        assertThat(metrics.drain().counts()).isEmpty();
    }
}
