package org.appointmentreminders.worker.queue;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * For {@code worker --drain} (demos, one-off catch-ups): calls back once the queue has been empty, with nothing
 * hidden, delayed or in flight, for a few checks in a row.
 */
@Singleton
public final class DrainWatch {
    private static final Logger log = LoggerFactory.getLogger(DrainWatch.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final int QUIET_CHECKS = 3;

    private final SqsAsyncClient sqs;
    private final Poller poller;
    private final String queueUrl;

    @Inject
    public DrainWatch(SqsAsyncClient sqs, Poller poller, WorkerConfig.Queue queue) {
        this.sqs = sqs;
        this.poller = poller;
        this.queueUrl = queue.url();
    }

    public void whenDrained(Runnable action) {
        DaemonThreads.named("drain-watch").newThread(() -> watch(action)).start();
    }

    private void watch(Runnable action) {
        int quiet = 0;
        while (quiet < QUIET_CHECKS) {
            try {
                Thread.sleep(CHECK_EVERY.toMillis());
                quiet = isEmpty() && poller.inFlight() == 0 ? quiet + 1 : 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.CompletionException | SdkException e) {
                log.warn("Could not read the queue's depth: {}", e.toString());
                quiet = 0;
            }
        }
        log.info("Queue drained; stopping");
        action.run();
    }

    private boolean isEmpty() {
        Map<QueueAttributeName, String> depth = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                // A reminder waiting for its send window is a delayed message: the queue is not drained yet.
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).join().attributes();
        return depth.values().stream().allMatch("0"::equals);
    }
}
