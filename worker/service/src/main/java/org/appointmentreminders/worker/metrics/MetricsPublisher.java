package org.appointmentreminders.worker.metrics;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import jakarta.inject.Named;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Sends the aggregated metrics with one {@code PutMetricData} per interval, and once more at shutdown. Every count
 * metric goes out each interval, zeros included, so rate alarms see 0 rather than missing data; the heartbeat is 1
 * per worker per interval. A failed call keeps its figures for the next one. It owns the {@link Metrics} the worker
 * counts into, so everything that counts depends on it and is stopped before its last flush.
 */
@Singleton
public final class MetricsPublisher implements Managed {
    private static final Logger log = LoggerFactory.getLogger(MetricsPublisher.class);
    private static final List<String> COUNTS = MetricNames.all().stream()
            .filter(name -> !name.equals(MetricNames.END_TO_END_LATENCY) && !name.equals(MetricNames.HEARTBEAT))
            .toList();

    private final CloudWatchAsyncClient cloudWatch;
    private final Metrics metrics;
    private final Clock clock;
    private final Dimension environment;
    private final long intervalMillis;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("metrics-publisher"));

    @Inject
    public MetricsPublisher(CloudWatchAsyncClient cloudWatch, Clock clock, @Named(WorkerConfig.ENVIRONMENT) String environment,
                            WorkerConfig.Metrics settings) {
        this.cloudWatch = cloudWatch;
        this.metrics = new Metrics();
        this.clock = clock;
        this.environment = Dimension.builder().name(MetricNames.ENVIRONMENT_DIMENSION).value(environment).build();
        this.intervalMillis = settings.interval().toMillis();
    }

    /** What the worker counts into; flushed by this publisher. */
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public void start() {
        scheduler.scheduleAtFixedRate(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Sends what was gathered since the last flush. */
    public void flush() {
        Metrics.Snapshot snapshot = metrics.drain();
        try {
            // On the publisher's own thread, once a minute: waiting for the answer holds no one up.
            cloudWatch.putMetricData(r -> r.namespace(MetricNames.NAMESPACE).metricData(data(snapshot))).join();
        } catch (java.util.concurrent.CompletionException | SdkException e) {
            metrics.restore(snapshot);
            log.warn("PutMetricData failed; the figures go out with the next flush: {}", e.toString());
        }
    }

    private List<MetricDatum> data(Metrics.Snapshot snapshot) {
        Instant now = clock.instant();
        List<MetricDatum> data = new ArrayList<>();
        for (String name : COUNTS) {
            data.add(datum(name, now).unit(StandardUnit.COUNT).value((double) snapshot.count(name)).build());
        }
        data.add(datum(MetricNames.HEARTBEAT, now).unit(StandardUnit.COUNT).value(1.0).build());
        if (!snapshot.latencyMillis().isEmpty()) {
            List<Double> values = new ArrayList<>();
            List<Double> counts = new ArrayList<>();
            for (Map.Entry<Long, Long> bucket : snapshot.latencyMillis().entrySet()) {
                values.add((double) bucket.getKey());
                counts.add((double) bucket.getValue());
            }
            data.add(datum(MetricNames.END_TO_END_LATENCY, now).unit(StandardUnit.MILLISECONDS)
                    .values(values).counts(counts).build());
        }
        return data;
    }

    private MetricDatum.Builder datum(String name, Instant now) {
        return MetricDatum.builder().metricName(name).dimensions(environment).timestamp(now);
    }

    /** Stops the schedule and sends the last figures. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        flush();
    }
}
