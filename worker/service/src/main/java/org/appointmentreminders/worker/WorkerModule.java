package org.appointmentreminders.worker;

import com.google.inject.AbstractModule;
import java.time.Clock;
import org.appointmentreminders.worker.aws.AwsModule;
import org.appointmentreminders.worker.config.ConfigModule;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.DeliveryModule;
import org.appointmentreminders.worker.ledger.LedgerModule;
import org.appointmentreminders.worker.metrics.MetricsModule;
import org.appointmentreminders.worker.pipeline.PipelineModule;
import org.appointmentreminders.worker.queue.QueueModule;

/** The whole worker, one module per concern. Every binding is explicit, so nothing is wired by accident. */
public final class WorkerModule extends AbstractModule {
    private final WorkerConfig config;
    private final Clock clock;

    public WorkerModule(WorkerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        install(new ConfigModule(config, clock));
        install(new AwsModule());
        install(new QueueModule());
        install(new DeliveryModule());
        install(new LedgerModule());
        install(new PipelineModule());
        install(new MetricsModule());
        bind(WorkerService.class);
    }
}
