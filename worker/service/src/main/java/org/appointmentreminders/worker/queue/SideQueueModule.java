package org.appointmentreminders.worker.queue;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.name.Names;
import java.time.Clock;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.retry.Backoff;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * A queue read beside the reminder queue, named: its {@link SideQueue} for the handler (bound as
 * {@code @Named(name) SideQueue}) and its own poller, started and stopped with the rest. The queue's redrive policy is
 * checked at start-up as the reminder queue's is: a side queue without a dead-letter queue stops the worker.
 */
public final class SideQueueModule extends AbstractModule {
    /** Messages of a side queue held at once: its work is a ledger write and, rarely, a publish or a text. */
    static final int IN_FLIGHT = 50;

    private final String name;
    private final String url;
    private final String deadLetterUrl;
    private final Class<? extends MessageHandler> handler;

    public SideQueueModule(String name, String url, String deadLetterUrl, Class<? extends MessageHandler> handler) {
        this.name = name;
        this.url = url;
        this.deadLetterUrl = deadLetterUrl;
        this.handler = handler;
    }

    @Override
    protected void configure() {
        Provider<SqsAsyncClient> sqs = getProvider(SqsAsyncClient.class);
        Provider<Clock> clock = getProvider(Clock.class);
        Provider<Backoff> backoff = getProvider(Backoff.class);
        Provider<WorkerConfig.Queue> reminderQueue = getProvider(WorkerConfig.Queue.class);
        Provider<WorkerConfig.Processing> processing = getProvider(WorkerConfig.Processing.class);
        Provider<WorkerConfig.Shutdown> shutdown = getProvider(WorkerConfig.Shutdown.class);
        Provider<? extends MessageHandler> handlerProvider = getProvider(handler);

        Key<Settler> settler = Key.get(Settler.class, Names.named(name));
        bind(settler).toProvider(() -> new Settler(sqs.get(), url)).in(Singleton.class);
        Provider<Settler> settlerProvider = getProvider(settler);
        bind(Key.get(SideQueue.class, Names.named(name))).toProvider(() -> new SideQueue(name, settlerProvider.get(),
                new Forwarder(sqs.get(), url, deadLetterUrl, clock.get()), backoff.get())).in(Singleton.class);
        bind(handler);
        bind(Key.get(Poller.class, Names.named(name))).toProvider(() -> {
            QueueFacts facts = QueueFacts.read(sqs.get(), url);
            Poller.Intake intake = new Poller.Intake(name + "-poller", url, 1, reminderQueue.get().waitTime(),
                    Room.fixed(IN_FLIGHT, "fixed for the " + name + " queue"),
                    facts.visibilityTimeout().minus(processing.get().messageBudget()));
            return new Poller(sqs.get(), settlerProvider.get(), handlerProvider.get(), clock.get(), intake,
                    shutdown.get());
        }).in(Singleton.class);
    }
}
