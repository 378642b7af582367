package org.appointmentreminders.worker;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CountDownLatch;
import org.appointmentreminders.worker.config.ConfigLoader;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.health.HealthEndpoint;
import org.appointmentreminders.worker.lifecycle.Lifecycle;
import org.appointmentreminders.worker.queue.Poller;
import org.appointmentreminders.worker.queue.QueueFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's life: every part started after the parts it uses and stopped before them ({@link Lifecycle}). On stop
 * the poller stops receiving and lets in-flight messages finish within the grace period; then the batched deletes,
 * pending ledger records and metrics are flushed before the AWS clients close.
 */
@Singleton
public final class WorkerService {
    private static final Logger log = LoggerFactory.getLogger(WorkerService.class);

    private final WorkerConfig config;
    private final QueueFacts queue;
    private final Poller poller;
    private final Lifecycle lifecycle;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    /** Takes the health endpoint too, so that the whole worker is built before it starts. */
    @Inject
    public WorkerService(WorkerConfig config, QueueFacts queue, Poller poller, HealthEndpoint health,
                         Lifecycle lifecycle) {
        this.config = config;
        this.queue = queue;
        this.poller = poller;
        this.lifecycle = lifecycle;
    }

    public void start() {
        log.info("Worker starting: environment {}, final receive {} (from the queue's redrive policy),"
                        + " visibility timeout {} s", config.environment(), queue.maxReceiveCount(),
                queue.visibilityTimeout().toSeconds());
        log.info("Configuration: {}", ConfigLoader.describe(config));
        log.info("Starting in this order (stopping in reverse): {}", lifecycle.order());
        lifecycle.start();
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
        log.info("Worker stopping: no new messages; {} s for {} in flight", config.shutdown().grace().toSeconds(),
                poller.inFlight());
        try {
            lifecycle.stop();
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
