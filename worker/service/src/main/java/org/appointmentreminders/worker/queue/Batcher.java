package org.appointmentreminders.worker.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups items into batches of at most {@code maxBatch}, sent when full or when the oldest item has waited
 * {@code linger}; sending starts an asynchronous call and does not wait for it. {@link #close} sends everything still
 * waiting and waits for the calls under way; an item added after that is refused with an exception, since nothing
 * would ever send it.
 */
final class Batcher<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Batcher.class);
    private static final Duration LONGEST_WAIT_AT_CLOSE = Duration.ofSeconds(10);
    private static final long CLOSE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String name;
    private final int maxBatch;
    private final long lingerNanos;
    private final Function<List<T>, CompletableFuture<?>> send;
    private final BlockingQueue<T> waiting = new LinkedBlockingQueue<>();
    private final Set<CompletableFuture<?>> underWay = ConcurrentHashMap.newKeySet();
    private final Thread collector;
    private volatile boolean closing;

    Batcher(String name, int maxBatch, Duration linger, Function<List<T>, CompletableFuture<?>> send) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.send = send;
        this.collector = DaemonThreads.named(name + "-collector").newThread(this::collect);
        this.collector.start();
    }

    void add(T item) {
        if (closing) {
            throw new IllegalStateException(name + " is closed: this item would never be sent");
        }
        waiting.add(item);
    }

    private void collect() {
        while (!closing || !waiting.isEmpty()) {
            try {
                T first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<T> batch = new ArrayList<>(maxBatch);
                batch.add(first);
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < maxBatch) {
                    T next = waiting.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        if (closing || left <= 0) {
                            break;
                        }
                        // In short waits, so that a close sends the batch at once instead of after the linger.
                        next = waiting.poll(Math.min(left, CLOSE_CHECK_NANOS), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            continue;
                        }
                    }
                    batch.add(next);
                }
                start(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void start(List<T> batch) {
        CompletableFuture<?> call;
        try {
            call = send.apply(batch);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> tracked = call.whenComplete((result, failure) -> {
            if (failure != null) {
                // Not lost: an unsettled message becomes visible again and is settled on its next receive.
                log.warn("{} batch of {} failed: {}", name, batch.size(), failure.toString());
            }
        });
        underWay.add(tracked);
        tracked.whenComplete((result, failure) -> underWay.remove(tracked));
    }

    @Override
    public void close() {
        closing = true;
        try {
            collector.join(LONGEST_WAIT_AT_CLOSE.toMillis());
            CompletableFuture.allOf(underWay.toArray(CompletableFuture[]::new))
                    .get(LONGEST_WAIT_AT_CLOSE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("{}: batches still being sent after {} s", name, LONGEST_WAIT_AT_CLOSE.toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            // Each failure was logged as it happened.
        }
    }
}
