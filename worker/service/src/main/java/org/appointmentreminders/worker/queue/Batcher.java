package org.appointmentreminders.worker.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups items into batches of at most {@code maxBatch}, sent when full or when the oldest item has waited
 * {@code linger}, on a small pool of sender threads. {@link #close} sends everything still waiting; an item added
 * after that is refused with an exception, since nothing would ever send it.
 */
final class Batcher<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Batcher.class);
    private static final int SENDERS = 4;

    private final String name;
    private final int maxBatch;
    private final long lingerNanos;
    private final Consumer<List<T>> send;
    private final BlockingQueue<T> waiting = new LinkedBlockingQueue<>();
    private final ExecutorService senders;
    private final Thread collector;
    private volatile boolean closing;

    Batcher(String name, int maxBatch, Duration linger, Consumer<List<T>> send) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.send = send;
        this.senders = Executors.newFixedThreadPool(SENDERS, DaemonThreads.named(name + "-sender"));
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
                    long left = closing ? 0 : deadline - System.nanoTime();
                    T next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : waiting.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                senders.execute(() -> sendSafely(batch));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendSafely(List<T> batch) {
        try {
            send.accept(batch);
        } catch (RuntimeException e) {
            // Not lost: an unsettled message becomes visible again and is settled on its next receive.
            log.warn("{} batch of {} failed: {}", name, batch.size(), e.toString());
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            collector.join(TimeUnit.SECONDS.toMillis(10));
            senders.shutdown();
            if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("{}: batches still being sent after 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
