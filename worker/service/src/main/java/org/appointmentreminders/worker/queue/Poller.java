package org.appointmentreminders.worker.queue;

import static net.logstash.logback.argument.StructuredArguments.kv;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.appointmentreminders.worker.retry.Backoff;
import org.appointmentreminders.worker.sqs.SqsLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Long-polling receivers that start each message's work and go back for more. A receiver asks only for as many
 * messages as there is room for under the in-flight limit, so the worker never holds more than it can text in time;
 * a message whose work could not start in time is skipped and simply comes back. The work itself waits on AWS
 * without holding a thread. On close it stops receiving and lets the messages in flight finish within the shutdown
 * grace.
 */
@Singleton
public final class Poller implements Managed {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Duration FIRST_RECEIVE_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_RECEIVE_PAUSE = Duration.ofSeconds(10);

    private final SqsAsyncClient sqs;
    private final Settler settler;
    private final MessageHandler handler;
    private final Clock clock;
    private final String queueUrl;
    private final int pollers;
    private final int waitSeconds;
    private final String name;
    private final Room limit;
    private final Duration startBy;
    private final Duration grace;
    private final Object room = new Object();
    private final List<Thread> receivers = new ArrayList<>();
    /** Room taken under the in-flight limit: messages being handled, and batches being asked for. Guarded by room. */
    private int taken;
    /** Messages received and not yet finished. Guarded by room. */
    private int inFlight;
    private volatile boolean receiving;

    @Inject
    public Poller(SqsAsyncClient sqs, Settler settler, MessageHandler handler, Clock clock, QueueFacts queue,
                  SendCapacity capacity, WorkerConfig.Queue queueConfig, WorkerConfig.Processing processing,
                  WorkerConfig.Shutdown shutdown) {
        this(sqs, settler, handler, clock, new Intake("sqs-poller", queueConfig.url(), queueConfig.pollers(),
                queueConfig.waitTime(), new InFlightLimit(processing, capacity, queue.visibilityTimeout()),
                // Work must start early enough to finish within the visibility timeout.
                queue.visibilityTimeout().minus(processing.messageBudget())), shutdown);
    }

    public Poller(SqsAsyncClient sqs, Settler settler, MessageHandler handler, Clock clock, Intake intake,
                  WorkerConfig.Shutdown shutdown) {
        this.sqs = sqs;
        this.settler = settler;
        this.handler = handler;
        this.clock = clock;
        this.name = intake.name();
        this.queueUrl = intake.queueUrl();
        this.pollers = intake.pollers();
        this.waitSeconds = (int) intake.waitTime().toSeconds();
        this.limit = intake.room();
        this.startBy = intake.startBy();
        this.grace = shutdown.grace();
    }

    /**
     * Where and how a poller receives: {@code room} bounds the messages held at once, and a message whose work has
     * not started {@code startBy} after its receive is left to reappear.
     */
    public record Intake(String name, String queueUrl, int pollers, Duration waitTime, Room room, Duration startBy) {
    }

    @Override
    public void start() {
        log.info("Receiving from {} with {} pollers, at most {} messages in flight ({})", name, pollers,
                limit.value(), limit.reason());
        receiving = true;
        for (int i = 0; i < pollers; i++) {
            Thread receiver = new Thread(this::receiveLoop, name + "-" + i);
            receivers.add(receiver);
            receiver.start();
        }
    }

    public int inFlight() {
        synchronized (room) {
            return inFlight;
        }
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
        receiving = false;
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Thread receiver : receivers) {
                receiver.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            synchronized (room) {
                room.notifyAll();
                while (inFlight > 0 && System.nanoTime() < deadline) {
                    room.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
                if (inFlight > 0) {
                    log.warn("{} messages still in flight after the {} s grace; they will reappear in the queue",
                            inFlight, grace.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receiveLoop() {
        Duration pause = FIRST_RECEIVE_PAUSE;
        while (receiving) {
            int wanted;
            try {
                wanted = awaitRoom();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (wanted == 0) {
                continue;
            }
            List<Message> messages;
            try {
                messages = receive(wanted);
                pause = FIRST_RECEIVE_PAUSE;
            } catch (CompletionException | SdkException e) {
                giveBackRoom(wanted);
                log.warn("Receive failed, trying again in {} ms: {}", pause.toMillis(),
                        (e instanceof CompletionException && e.getCause() != null ? e.getCause() : e).toString());
                if (!pauseQuietly(pause)) {
                    return;
                }
                pause = Backoff.doubled(pause, LONGEST_RECEIVE_PAUSE);
                continue;
            }
            giveBackRoom(wanted - messages.size());
            Instant receivedAt = clock.instant();
            for (Message message : messages) {
                InboundMessage inbound = InboundMessage.from(message, receivedAt);
                if (!receiving) {
                    // Received while stopping: hand it straight back instead of holding it hidden.
                    settler.postpone(inbound, Duration.ZERO);
                    giveBackRoom(1);
                    continue;
                }
                synchronized (room) {
                    inFlight++;
                }
                start(inbound);
            }
        }
    }

    private void start(InboundMessage message) {
        if (clock.instant().isAfter(message.receivedAt().plus(startBy))) {
            log.warn("Message could not start in time and is left to reappear", kv("sqsMessageId", message.messageId()));
            finished();
            return;
        }
        CompletableFuture<Void> work;
        try {
            work = handler.handle(message);
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        work.whenComplete((done, failure) -> {
            if (failure != null) {
                // A bug, not a delivery failure: the message reappears after its visibility timeout.
                log.error("Processing failed unexpectedly", failure);
            }
            finished();
        });
    }

    /**
     * Waits for room for a whole batch before receiving: asking for one or two messages at a time while work
     * finishes would multiply receive calls, each billed as a request. Returns how many to ask for (0 when stopping).
     */
    private int awaitRoom() throws InterruptedException {
        synchronized (room) {
            while (receiving) {
                int batch = Math.min(SqsLimits.MAX_BATCH, limit.value());
                if (limit.value() - taken >= batch) {
                    taken += batch;
                    return batch;
                }
                // The limit may grow with the SMS rate without anything finishing: look again now and then.
                room.wait(200);
            }
            return 0;
        }
    }

    private void giveBackRoom(int count) {
        if (count == 0) {
            return;
        }
        synchronized (room) {
            taken -= count;
            room.notifyAll();
        }
    }

    private void finished() {
        synchronized (room) {
            inFlight--;
            taken--;
            room.notifyAll();
        }
    }

    private List<Message> receive(int wanted) {
        return sqs.receiveMessage(r -> SqsLimits.withAttributes(r.queueUrl(queueUrl)
                .maxNumberOfMessages(wanted)
                .waitTimeSeconds(waitSeconds)))
                .join().messages();
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
