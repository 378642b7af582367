package org.appointmentreminders.worker.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.MessageHandler;

/** Each received message: the pipeline decides, the applier acts. */
@Singleton
public final class ReminderHandler implements MessageHandler {
    private final ReminderPipeline pipeline;
    private final DecisionApplier applier;

    @Inject
    public ReminderHandler(ReminderPipeline pipeline, DecisionApplier applier) {
        this.pipeline = pipeline;
        this.applier = applier;
    }

    @Override
    public CompletableFuture<Void> handle(InboundMessage message) {
        return pipeline.decide(message).thenCompose(decision -> applier.apply(message, decision));
    }
}
