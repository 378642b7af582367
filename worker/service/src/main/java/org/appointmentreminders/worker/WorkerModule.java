package org.appointmentreminders.worker;

import com.google.inject.AbstractModule;
import org.appointmentreminders.worker.ehr.ReminderEventPublisher;
import org.appointmentreminders.worker.queue.SideQueueModule;
import org.appointmentreminders.worker.receipts.ReceiptHandler;
import org.appointmentreminders.worker.replies.ReplyHandler;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import java.time.Clock;
import org.appointmentreminders.worker.aws.AwsModule;
import org.appointmentreminders.worker.config.ConfigModule;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.email.EmailModule;
import org.appointmentreminders.worker.health.HealthEndpoint;
import org.appointmentreminders.worker.ledger.LedgerModule;
import org.appointmentreminders.worker.lifecycle.LifecycleModule;
import org.appointmentreminders.worker.metrics.MetricsModule;
import org.appointmentreminders.worker.pipeline.PipelineModule;
import org.appointmentreminders.worker.queue.QueueModule;
import org.appointmentreminders.worker.sms.SmsModule;
import org.appointmentreminders.worker.templates.TemplatesModule;

/**
 * The whole worker, one module per concern. Every binding is explicit, so nothing is wired by accident; see
 * {@link #injector} for how it is built.
 */
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
        install(new LifecycleModule());
        install(new ConfigModule(config, clock));
        install(new AwsModule(config.sms().channel()));
        install(new QueueModule());
        install(new TemplatesModule());
        install(new SmsModule(config.sms().channel()));
        install(new EmailModule());
        install(new LedgerModule());
        install(new PipelineModule());
        install(new MetricsModule());
        bind(ReminderEventPublisher.class);
        WorkerConfig.DeliveryReceipts receipts = config.deliveryReceipts();
        if (receipts.enabled()) {
            install(new SideQueueModule(ReceiptHandler.QUEUE, receipts.queueUrl(), receipts.deadLetterUrl(),
                    ReceiptHandler.class));
        }
        WorkerConfig.Replies replies = config.replies();
        if (replies.enabled()) {
            install(new SideQueueModule(ReplyHandler.QUEUE, replies.queueUrl(), replies.deadLetterUrl(),
                    ReplyHandler.class));
        }
        bind(HealthEndpoint.class);
        bind(WorkerService.class);
    }

    /**
     * Builds every part at once (Guice's production stage), each after the parts it depends on: a queue that
     * cannot be read fails here, before anything starts, and the lifecycle knows every part before it starts them.
     */
    public static Injector injector(Module modules) {
        return Guice.createInjector(Stage.PRODUCTION, modules);
    }
}
