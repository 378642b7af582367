package org.appointmentreminders.worker.config;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;
import java.time.Clock;

/**
 * The validated configuration, one section per binding so each class asks only for what it uses, and the clock
 * every time decision is made with.
 */
public final class ConfigModule extends AbstractModule {
    private final WorkerConfig config;
    private final Clock clock;

    public ConfigModule(WorkerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        bind(WorkerConfig.class).toInstance(config);
        bind(String.class).annotatedWith(Names.named(WorkerConfig.ENVIRONMENT)).toInstance(config.environment());
        bind(WorkerConfig.Aws.class).toInstance(config.aws());
        bind(WorkerConfig.Queue.class).toInstance(config.queue());
        bind(WorkerConfig.Processing.class).toInstance(config.processing());
        bind(WorkerConfig.Retry.class).toInstance(config.retry());
        bind(WorkerConfig.Sms.class).toInstance(config.sms());
        bind(WorkerConfig.Email.class).toInstance(config.email());
        bind(WorkerConfig.Ledger.class).toInstance(config.ledger());
        bind(WorkerConfig.Metrics.class).toInstance(config.metrics());
        bind(WorkerConfig.SendWindow.class).toInstance(config.sendWindow());
        bind(WorkerConfig.FrequencyCap.class).toInstance(config.frequencyCap());
        bind(WorkerConfig.DeliveryReceipts.class).toInstance(config.deliveryReceipts());
        bind(WorkerConfig.Replies.class).toInstance(config.replies());
        bind(WorkerConfig.EhrEvents.class).toInstance(config.ehrEvents());
        bind(WorkerConfig.Shutdown.class).toInstance(config.shutdown());
        bind(WorkerConfig.Health.class).toInstance(config.health());
        bind(Clock.class).toInstance(clock);
    }
}
