package org.appointmentreminders.worker.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and latencies aggregated in memory between flushes, so CloudWatch gets one call per interval whatever the
 * volume. Latencies are kept as a histogram of about ten buckets per decade, which CloudWatch turns into percentiles
 * from its values-and-counts form. The {@link MetricsPublisher} owns the instance the worker counts into.
 */
public final class Metrics {
    private static final double[] STEPS = {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0};

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<Long, LongAdder> latencyMillis = new ConcurrentHashMap<>();

    public void count(String metric) {
        count(metric, 1);
    }

    public void count(String metric, long amount) {
        counts.computeIfAbsent(metric, key -> new LongAdder()).add(amount);
    }

    public void latency(Duration latency) {
        latencyMillis.computeIfAbsent(bucket(Math.max(0, latency.toMillis())), key -> new LongAdder()).increment();
    }

    /** Takes everything counted since the last drain. */
    public Snapshot drain() {
        return new Snapshot(take(counts), take(latencyMillis));
    }

    /** Puts a snapshot that could not be sent back, to go out with the next flush. */
    public void restore(Snapshot snapshot) {
        snapshot.counts().forEach(this::count);
        snapshot.latencyMillis().forEach((bucket, n) ->
                latencyMillis.computeIfAbsent(bucket, key -> new LongAdder()).add(n));
    }

    /** The bucket a value falls in: the nearest step of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten. */
    static long bucket(long millis) {
        if (millis < 1) {
            return 0;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(millis)));
        double best = decade;
        for (double step : STEPS) {
            if (Math.abs(step * decade - millis) < Math.abs(best - millis)) {
                best = step * decade;
            }
        }
        if (Math.abs(10 * decade - millis) < Math.abs(best - millis)) {
            best = 10 * decade;
        }
        return Math.round(best);
    }

    private static <K> Map<K, Long> take(Map<K, LongAdder> adders) {
        Map<K, Long> taken = new TreeMap<>();
        for (Map.Entry<K, LongAdder> entry : adders.entrySet()) {
            long value = entry.getValue().sumThenReset();
            if (value != 0) {
                taken.put(entry.getKey(), value);
            }
        }
        return taken;
    }

    /** Counts by metric name, and latency histogram (bucket in ms to number of values). */
    public record Snapshot(Map<String, Long> counts, Map<Long, Long> latencyMillis) {
        public long count(String metric) {
            return counts.getOrDefault(metric, 0L);
        }
    }
}
