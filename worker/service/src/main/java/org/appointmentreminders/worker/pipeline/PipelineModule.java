package org.appointmentreminders.worker.pipeline;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.worker.queue.MessageHandler;
import org.appointmentreminders.worker.retry.Backoff;

/** The per-message pipeline: what decides, what acts on the decision, and what reports it. */
public final class PipelineModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(MessageHandler.class).to(ReminderHandler.class);
        bind(ReminderHandler.class);
        bind(ReminderPipeline.class);
        bind(DecisionApplier.class);
        bind(OutcomeReporter.class);
        bind(PendingRecords.class);
        bind(Backoff.class);
        bind(SendWindows.class);
    }

    @Provides
    @Singleton
    ReminderParser parser() {
        return new ReminderParser();
    }
}
