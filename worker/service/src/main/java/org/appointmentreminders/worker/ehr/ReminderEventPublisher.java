package org.appointmentreminders.worker.ehr;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import static net.logstash.logback.argument.StructuredArguments.kv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.retry.Backoff;
import org.appointmentreminders.contracts.events.ReminderEvent;
import org.appointmentreminders.contracts.events.ReminderEventJson;
import org.appointmentreminders.contracts.events.ReminderEventType;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a reminder's pending events to the EHR topic, then removes them from the ledger. A pass takes the events
 * under a lease first, so passes that meet (a receipt and its duplicate, a reply, a delivery check) publish each event
 * once. An event is published at least once: if the removal fails, or the worker stops between the two, the next pass
 * after the lease publishes it again with the same eventId, which the EHR drops. Each event carries its type as the SNS message attribute {@code type}, so an
 * integration can subscribe to some types only.
 */
@Singleton
public final class ReminderEventPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReminderEventPublisher.class);
    public static final String TYPE_ATTRIBUTE = "type";
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(1);
    /** Retries of one reminder's events stop after this; they stay in the ledger for the next pass over it. */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(15);
    /** Longer than a pass's publishes and removal take, with the SDK's own retries. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** So that a look after a lease finds it ended, whatever the clocks of the worker and the ledger's writer. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(1);

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("ehr-event-retries"));

    private final SnsAsyncClient sns;
    private final PendingEvents pendingEvents;
    private final Metrics metrics;
    private final Optional<String> topicArn;

    @Inject
    public ReminderEventPublisher(SnsAsyncClient sns, PendingEvents pendingEvents, Metrics metrics,
                                  WorkerConfig.EhrEvents settings) {
        this.sns = sns;
        this.pendingEvents = pendingEvents;
        this.metrics = metrics;
        this.topicArn = settings.topicArn();
    }

    /** Whether events are told at all: without a topic, none is written to the ledger either. */
    public boolean enabled() {
        return topicArn.isPresent();
    }

    /** The event to write with a fact, or empty when events are off. */
    public Optional<PendingEvent> pending(PendingEvent event) {
        return enabled() ? Optional.of(event) : Optional.empty();
    }

    /**
     * Publishes the reminder's pending events when {@code facts} (as a write just left the item) say it has any; the
     * future fails when any could not be published or removed.
     */
    public CompletableFuture<Void> publish(ReminderFacts facts) {
        if (facts.pending().isEmpty() || topicArn.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return publishPending(facts.reminderId());
    }

    /**
     * Publishes as {@link #publish}; what cannot be published now is retried from the ledger in the background
     * ({@link #publishPendingSoon}), so the caller may let its message go. The future never fails.
     */
    public CompletableFuture<Void> publishOrRetry(ReminderFacts facts) {
        return publish(facts).handle((published, failure) -> {
            if (failure != null) {
                publishPendingSoon(facts.reminderId());
            }
            return null;
        });
    }

    /**
     * Takes the reminder's pending events from the ledger and publishes them. When another pass holds them, that pass
     * publishes what it finds, these too; a look once its lease ends publishes whatever it could not.
     */
    public CompletableFuture<Void> publishPending(String reminderId) {
        if (topicArn.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return pendingEvents.take(reminderId, LEASE).thenCompose(take -> {
            if (take instanceof Take.Taken taken) {
                return publishTaken(taken.facts());
            }
            if (take instanceof Take.Held held) {
                lookAgainAfter(reminderId, held.remaining());
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    private void lookAgainAfter(String reminderId, Duration remaining) {
        later(reminderId, remaining.plus(LEASE_MARGIN), () -> publishPendingSoon(reminderId));
    }

    /** Runs a look at the reminder's events after {@code delay}; once the worker stops, they stay in the ledger. */
    private void later(String reminderId, Duration delay, Runnable look) {
        try {
            retries.schedule(look, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            log.info("Events for the EHR left pending in the ledger at shutdown", kv("reminderId", reminderId));
        }
    }

    private CompletableFuture<Void> publishTaken(ReminderFacts facts) {
        List<PendingEvent> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> publishes = new ArrayList<>();
        for (PendingEvent pending : facts.pending()) {
            publishes.add(publishOne(facts, pending).thenRun(() -> published.add(pending)));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new));
        return all.handle((done, failure) -> pendingEvents.clear(facts.reminderId(), List.copyOf(published)))
                .thenCompose(cleared -> cleared)
                .thenCompose(morePending -> {
                    if (all.isCompletedExceptionally()) {
                        return all; // the caller tries again later, and publishes what is left then
                    }
                    // Written while this pass held the events: their writers left them to it.
                    return morePending ? publishPending(facts.reminderId()) : all;
                });
    }

    /**
     * Publishes the reminder's pending events without holding up its message, retrying with a backoff for a while.
     * Events still unpublished when that ends, or when the worker stops, stay in the ledger: the next message, receipt
     * or reply about the reminder publishes them.
     */
    public void publishPendingSoon(String reminderId) {
        if (enabled()) {
            attempt(reminderId, FIRST_RETRY, System.nanoTime() + GIVE_UP_AFTER.toNanos());
        }
    }

    private void attempt(String reminderId, Duration nextDelay, long giveUpAt) {
        CompletableFuture<Void> published;
        try {
            published = publishPending(reminderId);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        published.whenComplete((done, failure) -> {
            if (failure == null) {
                return;
            }
            if (System.nanoTime() > giveUpAt || retries.isShutdown()) {
                log.warn("Events for the EHR left pending in the ledger after retries: {}", AwsErrors.code(failure),
                        kv("reminderId", reminderId));
                return;
            }
            later(reminderId, nextDelay,
                    () -> attempt(reminderId, Backoff.doubled(nextDelay, LONGEST_RETRY), giveUpAt));
        });
    }

    /** Retries not yet run are dropped: their events stay pending in the ledger. */
    @Override
    public void close() {
        retries.shutdownNow();
    }

    private CompletableFuture<Void> publishOne(ReminderFacts facts, PendingEvent pending) {
        Optional<ReminderEventType> type = ReminderEventType.fromWireName(pending.type());
        if (type.isEmpty()) {
            // Written by a newer worker than this one: leave it for a worker that knows it.
            log.warn("Pending event of a type this worker does not know is left for a newer one: {}", pending.type());
            return CompletableFuture.failedFuture(new IllegalStateException("unknown event type " + pending.type()));
        }
        ReminderEvent event = new ReminderEvent(ReminderEvent.idOf(facts.reminderId(), type.get(), pending.source()),
                type.get(), facts.reminderId(), facts.appointmentId(), facts.patientId(), facts.clinicId(),
                pending.occurredAt(), pending.channel(), pending.reason());
        return sns.publish(r -> r.topicArn(topicArn.get())
                        .message(ReminderEventJson.toJson(event))
                        .messageAttributes(Map.of(TYPE_ATTRIBUTE, MessageAttributeValue.builder()
                                .dataType("String").stringValue(type.get().wireName()).build())))
                .handle((published, failure) -> {
                    if (failure != null) {
                        metrics.count(MetricNames.EHR_EVENT_FAILURES);
                        throw new java.util.concurrent.CompletionException(failure);
                    }
                    metrics.count(MetricNames.EHR_EVENTS);
                    return null;
                });
    }
}
