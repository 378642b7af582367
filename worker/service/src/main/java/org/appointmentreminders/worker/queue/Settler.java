package org.appointmentreminders.worker.queue;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.appointmentreminders.worker.sqs.SqsLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * Ends or postpones messages with batched SQS calls (at most 10 per call, sent within a quarter second). A settle
 * that fails loses nothing: the message simply comes back, and the ledger makes the second pass a no-op.
 *
 * <p>Why not the SDK's {@code SqsAsyncBatchManager}: its {@code close()} sends only full batches and cancels the
 * batches still in flight, so a stopping worker would drop its last deletes and visibility changes (each costing the
 * patient's message an extra receive).
 */
@Singleton
public final class Settler implements Managed {
    private static final Logger log = LoggerFactory.getLogger(Settler.class);
    static final Duration LINGER = Duration.ofMillis(250);

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final Batcher<InboundMessage> deletes;
    private final Batcher<Postponement> postponements;

    @Inject
    public Settler(SqsAsyncClient sqs, WorkerConfig.Queue queue) {
        this(sqs, queue.url());
    }

    public Settler(SqsAsyncClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deletes = new Batcher<>("sqs-delete", SqsLimits.MAX_BATCH, LINGER, this::deleteBatch);
        this.postponements = new Batcher<>("sqs-visibility", SqsLimits.MAX_BATCH, LINGER, this::postponeBatch);
    }

    /** The message is done with: remove it from the queue. */
    public void delete(InboundMessage message) {
        deletes.add(message);
    }

    /** Hides the message for {@code delay}, within what SQS allows; it is received again after that (0: at once). */
    public void postpone(InboundMessage message, Duration delay) {
        postponements.add(new Postponement(message, SqsLimits.capVisibility(delay)));
    }

    private CompletableFuture<?> deleteBatch(List<InboundMessage> batch) {
        List<DeleteMessageBatchRequestEntry> entries = IntStream.range(0, batch.size())
                .mapToObj(i -> DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(batch.get(i).receiptHandle()).build())
                .toList();
        return sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries))
                .thenAccept(response -> report("delete", response.failed()));
    }

    private CompletableFuture<?> postponeBatch(List<Postponement> batch) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = IntStream.range(0, batch.size())
                .mapToObj(i -> ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(batch.get(i).message().receiptHandle())
                        .visibilityTimeout((int) batch.get(i).delay().toSeconds())
                        .build())
                .toList();
        return sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries))
                .thenAccept(response -> report("visibility change", response.failed()));
    }

    private static void report(String operation, List<BatchResultErrorEntry> failed) {
        for (BatchResultErrorEntry entry : failed) {
            log.warn("SQS {} refused an entry: {} ({})", operation, entry.code(), entry.senderFault() ? "sender"
                    : "service");
        }
    }

    /** Sends everything still waiting; called once at shutdown. */
    @Override
    public void close() {
        deletes.close();
        postponements.close();
    }

    private record Postponement(InboundMessage message, Duration delay) {
    }
}
