package org.appointmentreminders.worker.metrics;

import com.google.inject.AbstractModule;

/** In-memory aggregation and the periodic CloudWatch flush. */
public final class MetricsModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Metrics.class);
        bind(MetricsPublisher.class);
    }
}
