package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.appointmentreminders.worker.delivery.TextContext;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.appointmentreminders.worker.pipeline.SmsChannel;

/**
 * Texts a reminder: renders it in the patient's language and sends it through the environment's {@link TextApi}, in
 * the slot {@link SendRate} gives it: at once, or in turn in a {@link SendQueue} looked at from a timer when the rate
 * makes it wait (no thread waits). Answers to replies take their slots from the same rate, since they go out from the
 * same origination identity.
 */
@Singleton
public final class SmsSender implements SmsChannel, TextSender, Managed {
    private static final SendResult RATE_LIMITED_LOCALLY = new SendResult.Throttled("rate_limited_locally");

    private final TextApi api;
    private final SmsRenderer renderer;
    private final SendRate rate;
    private final SendQueue<Waiting> queue;
    private final Duration longestWait;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("sms-send-timer"));

    @Inject
    public SmsSender(TextApi api, SmsRenderer renderer, SendRate rate, Clock clock,
                     WorkerConfig.Processing processing) {
        this.api = api;
        this.clock = clock;
        this.renderer = renderer;
        this.rate = rate;
        this.longestWait = processing.longestWaitForSendSlot();
        this.queue = new SendQueue<>(rate, longestWait);
    }

    @Override
    public CompletableFuture<SendResult> send(ReminderMessage reminder, Instant startBy) {
        return paced(new OutgoingText(reminder.patient().phone(), renderer.render(reminder), reminder.reminderId(),
                reminder.deadline().toInstant(), TextContext.Purpose.REMINDER), startBy);
    }

    @Override
    public CompletableFuture<SendResult> send(OutgoingText text) {
        return paced(text, Instant.MAX);
    }

    private CompletableFuture<SendResult> paced(OutgoingText text, Instant startBy) {
        Waiting waiting = new Waiting(text, startBy, new CompletableFuture<>());
        switch (queue.admit(waiting, System.nanoTime())) {
            case NOW -> {
                return call(text, startBy);
            }
            case REFUSED -> {
                return CompletableFuture.completedFuture(RATE_LIMITED_LOCALLY);
            }
            case FIRST_WAITING -> look();
            case WAITING -> {
                // The look already arranged for the first in the queue serves this one in turn.
            }
        }
        return waiting.result;
    }

    /** Sends the waiting texts whose slots have come, and arranges the next look while any wait. */
    private void look() {
        SendQueue.Due<Waiting> due = queue.due(System.nanoTime());
        try {
            due.lookAgainInNanos().ifPresent(nanos -> timer.schedule(this::look, nanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException stopped) {
            giveBackWaiting();
        }
        for (Waiting waiting : due.sends()) {
            call(waiting.text, waiting.startBy).whenComplete((sent, failure) -> {
                if (failure != null) {
                    waiting.result.completeExceptionally(failure);
                } else {
                    waiting.result.complete(sent);
                }
            });
        }
    }

    private CompletableFuture<SendResult> call(OutgoingText text, Instant startBy) {
        if (clock.instant().isAfter(startBy)) {
            return CompletableFuture.completedFuture(SendResult.Transient.CLAIM_EXPIRING);
        }
        return api.send(text).thenApply(result -> {
            if (result instanceof SendResult.Throttled) {
                rate.throttled();
            }
            return result;
        });
    }

    /**
     * Texts already waiting still go out, for up to the longest wait (the poller has stopped, so no new ones come);
     * any left then are answered as rate-limited, so their reminders are given back to the queue.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + longestWait.toNanos();
        try {
            while (!queue.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        giveBackWaiting();
    }

    /** Stopping: the texts still waiting for a slot go back to the queue as throttled, none of them sent. */
    private void giveBackWaiting() {
        queue.clear().forEach(waiting -> waiting.result.complete(RATE_LIMITED_LOCALLY));
    }

    private record Waiting(OutgoingText text, Instant startBy, CompletableFuture<SendResult> result) {
    }
}
