package org.appointmentreminders.worker.queue;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.appointmentreminders.worker.sqs.SqsLimits;
import org.appointmentreminders.worker.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Long-polling receivers feeding a bounded processing pool. A receiver asks only for as many messages as there are
 * free in-flight permits, so the worker never holds more messages than it can finish before their visibility
 * timeout; a message that still waited too long is skipped and simply comes back. On close it stops receiving and
 * lets the messages in flight finish within the shutdown grace.
 */
@Singleton
public final class Poller implements Managed {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Duration FIRST_RECEIVE_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_RECEIVE_PAUSE = Duration.ofSeconds(10);

    private final SqsClient sqs;
    private final Settler settler;
    private final MessageHandler handler;
    private final Clock clock;
    private final String queueUrl;
    private final int pollers;
    private final int waitSeconds;
    private final int threads;
    private final InFlightLimit limit;
    private final Duration startBy;
    private final Duration grace;
    private final Semaphore permits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Thread> receivers = new ArrayList<>();
    private ExecutorService pool;
    private volatile boolean receiving;

    @Inject
    public Poller(SqsClient sqs, Settler settler, MessageHandler handler, Clock clock, QueueFacts queue,
                  WorkerConfig.Queue queueConfig, WorkerConfig.Processing processing, WorkerConfig.Sms sms,
                  WorkerConfig.Shutdown shutdown) {
        this.sqs = sqs;
        this.settler = settler;
        this.handler = handler;
        this.clock = clock;
        this.queueUrl = queueConfig.url();
        this.pollers = queueConfig.pollers();
        this.waitSeconds = (int) queueConfig.waitTime().toSeconds();
        this.threads = processing.threads();
        this.limit = InFlightLimit.of(processing, sms, queue.visibilityTimeout());
        // Work must start early enough to finish within the visibility timeout.
        this.startBy = queue.visibilityTimeout().minus(processing.messageBudget());
        this.grace = shutdown.grace();
        this.permits = new Semaphore(limit.value());
    }

    /** Starts receiving; each message goes to the handler on a pool thread. */
    @Override
    public void start() {
        log.info("Receiving with {} pollers, {} threads, at most {} messages in flight ({})",
                pollers, threads, limit.value(), limit.reason());
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> new Thread(runnable, "reminder-worker"));
        receiving = true;
        for (int i = 0; i < pollers; i++) {
            Thread receiver = new Thread(this::receiveLoop, "sqs-poller-" + i);
            receivers.add(receiver);
            receiver.start();
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public boolean isReceiving() {
        return receiving && receivers.stream().allMatch(Thread::isAlive);
    }

    /**
     * Stops receiving and waits, within the shutdown grace, for the receivers to return (a long poll ends within its
     * wait time) and for messages in flight to finish. Anything unfinished reappears after its visibility timeout.
     */
    @Override
    public void close() {
        finish();
    }

    private boolean finish() {
        receiving = false;
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Thread receiver : receivers) {
                receiver.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            if (pool == null) {
                return true;
            }
            pool.shutdown();
            boolean finished = pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!finished) {
                log.warn("{} messages still in flight after the {} s grace; they will reappear in the queue",
                        inFlight.get(), grace.toSeconds());
            }
            return finished;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void receiveLoop() {
        Duration pause = FIRST_RECEIVE_PAUSE;
        while (receiving) {
            int wanted;
            try {
                wanted = acquirePermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            List<Message> messages;
            try {
                messages = receive(wanted);
                pause = FIRST_RECEIVE_PAUSE;
            } catch (SdkException e) {
                permits.release(wanted);
                log.warn("Receive failed, trying again in {} ms: {}", pause.toMillis(), e.toString());
                if (!pauseQuietly(pause)) {
                    return;
                }
                pause = Backoff.doubled(pause, LONGEST_RECEIVE_PAUSE);
                continue;
            }
            permits.release(wanted - messages.size());
            Instant receivedAt = clock.instant();
            for (Message message : messages) {
                InboundMessage inbound = InboundMessage.from(message, receivedAt);
                if (!receiving) {
                    // Received while stopping: hand it straight back instead of holding it hidden.
                    settler.postpone(inbound, Duration.ZERO);
                    permits.release();
                    continue;
                }
                inFlight.incrementAndGet();
                pool.execute(() -> handle(inbound));
            }
        }
    }

    private void handle(InboundMessage message) {
        try {
            if (clock.instant().isAfter(message.receivedAt().plus(startBy))) {
                log.warn("Message waited too long in the pool and is left to reappear",
                        net.logstash.logback.argument.StructuredArguments.kv("sqsMessageId", message.messageId()));
                return;
            }
            handler.handle(message);
        } catch (RuntimeException e) {
            // A bug, not a delivery failure: the message reappears after its visibility timeout.
            log.error("Processing failed unexpectedly", e);
        } finally {
            inFlight.decrementAndGet();
            permits.release();
        }
    }

    /**
     * Waits for room for a whole batch before receiving: asking for one or two messages at a time while the pool
     * drains would multiply receive calls, each billed as a request.
     */
    private int acquirePermits() throws InterruptedException {
        int batch = Math.min(SqsLimits.MAX_BATCH, limit.value());
        permits.acquire(batch);
        return batch;
    }

    private List<Message> receive(int wanted) {
        return sqs.receiveMessage(r -> SqsLimits.withAttributes(r.queueUrl(queueUrl)
                .maxNumberOfMessages(wanted)
                .waitTimeSeconds(waitSeconds)))
                .messages();
    }

    private boolean pauseQuietly(Duration pause) {
        try {
            // Pacing a failing receive loop, not retrying a message.
            Thread.sleep(pause.toMillis());
            return receiving;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
