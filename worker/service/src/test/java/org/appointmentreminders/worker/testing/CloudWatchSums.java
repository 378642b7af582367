package org.appointmentreminders.worker.testing;

import java.time.Duration;
import java.time.Instant;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.worker.metrics.MetricNames;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** Reads back what a worker sent to CloudWatch: the sum of one metric of one environment over the last hour. */
public final class CloudWatchSums {
    private CloudWatchSums() {
    }

    public static double sum(AwsClients aws, String environment, String metric) {
        Instant now = Instant.now();
        return aws.cloudWatch().getMetricStatistics(r -> r.namespace(MetricNames.NAMESPACE).metricName(metric)
                        .dimensions(Dimension.builder().name(MetricNames.ENVIRONMENT_DIMENSION).value(environment)
                                .build())
                        .startTime(now.minus(Duration.ofHours(1))).endTime(now.plus(Duration.ofMinutes(1)))
                        .period(7200).statistics(Statistic.SUM))
                .datapoints().stream().mapToDouble(point -> point.sum()).sum();
    }
}
