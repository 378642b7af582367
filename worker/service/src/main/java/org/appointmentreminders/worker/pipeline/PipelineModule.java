package org.appointmentreminders.worker.pipeline;

import com.google.inject.AbstractModule;
import org.appointmentreminders.worker.retry.Backoff;

/** The per-message pipeline and what it reports through. */
public final class PipelineModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(ReminderPipeline.class);
        bind(OutcomeReporter.class);
        bind(PendingRecords.class);
        bind(Backoff.class);
    }
}
