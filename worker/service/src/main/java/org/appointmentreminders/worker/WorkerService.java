package org.appointmentreminders.worker;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CountDownLatch;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.health.HealthServer;
import org.appointmentreminders.worker.aws.AwsClientsCloser;
import org.appointmentreminders.worker.metrics.MetricsPublisher;
import org.appointmentreminders.worker.pipeline.PendingRecords;
import org.appointmentreminders.worker.pipeline.ReminderPipeline;
import org.appointmentreminders.worker.queue.Poller;
import org.appointmentreminders.worker.queue.QueueFacts;
import org.appointmentreminders.worker.queue.Settler;
import org.appointmentreminders.worker.sms.OptOutList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's life: start the parts in order, run, and on stop let in-flight messages finish within the grace
 * period, then flush batched deletes, pending ledger records and metrics before the clients close.
 */
@Singleton
public final class WorkerService {
    private static final Logger log = LoggerFactory.getLogger(WorkerService.class);

    private final WorkerConfig config;
    private final QueueFacts queue;
    private final Poller poller;
    private final ReminderPipeline pipeline;
    private final Settler settler;
    private final PendingRecords pendingRecords;
    private final OptOutList optOuts;
    private final MetricsPublisher metricsPublisher;
    private final AwsClientsCloser clients;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private HealthServer health;
    private volatile boolean stopping;

    @Inject
    public WorkerService(WorkerConfig config, QueueFacts queue, Poller poller, ReminderPipeline pipeline,
                         Settler settler, PendingRecords pendingRecords, OptOutList optOuts,
                         MetricsPublisher metricsPublisher, AwsClientsCloser clients) {
        this.config = config;
        this.queue = queue;
        this.poller = poller;
        this.pipeline = pipeline;
        this.settler = settler;
        this.pendingRecords = pendingRecords;
        this.optOuts = optOuts;
        this.metricsPublisher = metricsPublisher;
        this.clients = clients;
    }

    public void start() {
        log.info("Worker starting: environment {}, final receive {} (from the queue's redrive policy),"
                        + " visibility timeout {} s", config.environment(), queue.maxReceiveCount(),
                queue.visibilityTimeout().toSeconds());
        optOuts.start();
        metricsPublisher.start();
        if (config.healthPort() > 0) {
            health = HealthServer.start(config.healthPort(), this::isLive, this::isReady);
        }
        poller.start(pipeline::process);
    }

    public boolean isLive() {
        return stopping || poller.isReceiving();
    }

    public boolean isReady() {
        return !stopping && poller.isReceiving();
    }

    public int inFlight() {
        return poller.inFlight();
    }

    /** Stops once; later calls wait for the first to finish. */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                awaitStopped();
                return;
            }
            stopping = true;
        }
        log.info("Worker stopping: no new messages; {} s for {} in flight", config.shutdownGrace().toSeconds(),
                poller.inFlight());
        try {
            poller.stop(config.shutdownGrace());
            settler.close();
            pendingRecords.close();
            metricsPublisher.close();
            optOuts.close();
            if (health != null) {
                health.close();
            }
            clients.close();
            log.info("Worker stopped");
        } finally {
            stopped.countDown();
        }
    }

    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
