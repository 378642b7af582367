package org.appointmentreminders.worker.queue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import org.appointmentreminders.worker.config.WorkerConfig;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Receiving, settling and dead-lettering messages. */
public final class QueueModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Poller.class);
        bind(Settler.class);
        bind(Forwarder.class);
        bind(DrainWatch.class);
    }

    /** Read from the queue once at start-up; a queue without a redrive policy stops the worker. */
    @Provides
    @Singleton
    QueueFacts queueFacts(SqsAsyncClient sqs, WorkerConfig.Queue queue) {
        return QueueFacts.read(sqs, queue.url());
    }
}
