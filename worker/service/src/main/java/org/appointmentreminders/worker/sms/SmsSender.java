package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
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
 * the slot {@link SendRate} gives it: at once, or from a timer when the rate makes it wait (no thread waits). Answers
 * to replies take their slots from the same rate, since they go out from the same origination identity.
 */
@Singleton
public final class SmsSender implements SmsChannel, TextSender, Managed {
    /** Shorter waits are not worth a timer: the send goes now, within the rate's small burst. */
    private static final long NOT_WORTH_A_TIMER_NANOS = 1_000_000;

    private final TextApi api;
    private final SmsRenderer renderer;
    private final SendRate rate;
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
        OptionalLong wait = rate.reserve(longestWait);
        if (wait.isEmpty()) {
            return CompletableFuture.completedFuture(new SendResult.Throttled("rate_limited_locally"));
        }
        if (wait.getAsLong() < NOT_WORTH_A_TIMER_NANOS) {
            return call(text, startBy);
        }
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        timer.schedule(() -> call(text, startBy).whenComplete((sent, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(sent);
            }
        }), wait.getAsLong(), TimeUnit.NANOSECONDS);
        return result;
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

    /** Sends already given a slot still go out (the poller has stopped, so no new ones come). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(longestWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
