package org.appointmentreminders.worker.queue;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * For {@code worker --drain} (demos, one-off catch-ups): calls back once every queue the worker reads (reminders, and
 * receipts and replies where they are read) has been empty, with nothing hidden, delayed or in flight, for a few
 * checks in a row. A reply that arrives while reminders are still going out is answered before the worker stops.
 */
@Singleton
public final class DrainWatch {
    private static final Logger log = LoggerFactory.getLogger(DrainWatch.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final int QUIET_CHECKS = 3;

    private final SqsAsyncClient sqs;
    private final Poller poller;
    private final List<String> queueUrls;

    @Inject
    public DrainWatch(SqsAsyncClient sqs, Poller poller, WorkerConfig.Queue queue,
                      WorkerConfig.DeliveryReceipts receipts, WorkerConfig.Replies replies) {
        this.sqs = sqs;
        this.poller = poller;
        this.queueUrls = Stream.of(queue.url(), receipts.queueUrl(), replies.queueUrl())
                .filter(url -> !url.isEmpty()).toList();
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
        return queueUrls.stream().allMatch(this::isEmpty);
    }

    private boolean isEmpty(String queueUrl) {
        Map<QueueAttributeName, String> depth = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                // A reminder waiting for its send window is a delayed message: the queue is not drained yet.
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).join().attributes();
        return depth.values().stream().allMatch("0"::equals);
    }
}
