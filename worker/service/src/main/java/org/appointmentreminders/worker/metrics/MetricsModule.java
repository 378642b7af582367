package org.appointmentreminders.worker.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** In-memory aggregation and the periodic CloudWatch flush. */
public final class MetricsModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(MetricsPublisher.class);
    }

    /** Counting through the publisher's own aggregate makes every counter depend on, and stop before, it. */
    @Provides
    Metrics metrics(MetricsPublisher publisher) {
        return publisher.metrics();
    }
}
