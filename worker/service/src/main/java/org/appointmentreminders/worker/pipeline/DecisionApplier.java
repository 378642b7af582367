package org.appointmentreminders.worker.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.appointmentreminders.contracts.events.ReminderEventType;
import org.appointmentreminders.worker.ehr.ReminderEventPublisher;
import org.appointmentreminders.worker.events.PendingEvent;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.pipeline.Decision.LedgerWrite;
import org.appointmentreminders.worker.pipeline.Decision.Settlement;
import org.appointmentreminders.worker.queue.Forwarder;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.Settler;
import org.appointmentreminders.worker.retry.Backoff;

/**
 * The one place that acts on a {@link Decision}: writes the ledger, forwards to the dead-letter queue, deletes or
 * hides the message, and reports. When acting fails, what is safe follows from what was already done: a record of a
 * reminder that ended (something may have been sent) is kept trying; anything else becomes a retry of the whole
 * message, which the ledger makes harmless.
 */
@Singleton
public final class DecisionApplier {
    private final ReminderLedger ledger;
    private final Forwarder forwarder;
    private final Settler settler;
    private final PendingRecords pendingRecords;
    private final Backoff backoff;
    private final OutcomeReporter reporter;
    private final ReminderEventPublisher events;
    private final Clock clock;

    @Inject
    public DecisionApplier(ReminderLedger ledger, Forwarder forwarder, Settler settler,
                           PendingRecords pendingRecords, Backoff backoff, OutcomeReporter reporter,
                           ReminderEventPublisher events, Clock clock) {
        this.ledger = ledger;
        this.forwarder = forwarder;
        this.settler = settler;
        this.pendingRecords = pendingRecords;
        this.backoff = backoff;
        this.reporter = reporter;
        this.events = events;
        this.clock = clock;
    }

    /** Completes once the message is settled (or handed to the pending records); never fails. */
    public CompletableFuture<Void> apply(InboundMessage message, Decision decided) {
        Decision decision = withEvent(decided);
        return write(decision)
                .thenCompose(written -> decision.settlement() instanceof Settlement.DeadLetter deadLetter
                        ? forwarder.toDeadLetterQueue(message, deadLetter.reason(), deadLetter.violations())
                        : CompletableFuture.completedFuture(null))
                .handle((done, failure) -> {
                    if (failure == null) {
                        settle(message, decision.settlement());
                        reporter.report(message, decision, decision);
                        if (decision.eventsPending() || decision.write() instanceof LedgerWrite.Final record
                                && record.tell().isPresent()) {
                            events.publishPendingSoon(decision.reminderId());
                        }
                    } else if (decision.write() instanceof LedgerWrite.Final record
                            && decision.outcome().endsReminder()) {
                        pendingRecords.keepTrying(message, record, decision.outcome());
                        reporter.report(message, decision, decision);
                    } else {
                        String prefix = decision.write() instanceof LedgerWrite.Rejected
                                ? "reject_failed:" : "unavailable:";
                        Decision retry = decision.retryInstead(prefix + AwsErrors.code(failure),
                                backoff.delayAfter(message.receiveCount()));
                        settle(message, retry.settlement());
                        reporter.report(message, decision, retry);
                    }
                    return null;
                });
    }

    private CompletableFuture<?> write(Decision decision) {
        LedgerWrite write = decision.write();
        if (write instanceof LedgerWrite.Rejected rejected) {
            return ledger.recordRejected(rejected.reminderId(), rejected.sqsMessageId(), rejected.violationCodes());
        }
        if (write instanceof LedgerWrite.Final record) {
            return ledger.recordFinal(record.claim(), decision.outcome(), record.delivery(), record.unusedText(),
                    record.tell());
        }
        if (write instanceof LedgerWrite.Release release) {
            return ledger.release(release.claim(), release.delivery(), release.unusedText());
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A reminder that ends expired or failed tells the EHR so, in the same ledger write; the event's id is made from
     * the claim, so the same record written again repeats it.
     */
    private Decision withEvent(Decision decision) {
        if (!(decision.write() instanceof LedgerWrite.Final record) || !events.enabled()) {
            return decision;
        }
        ReminderEventType type = switch (decision.outcome()) {
            case EXPIRED -> ReminderEventType.EXPIRED;
            case FAILED -> ReminderEventType.FAILED;
            default -> null;
        };
        if (type == null) {
            return decision;
        }
        Optional<String> reason = type == ReminderEventType.FAILED
                ? record.delivery().errorCode().map(DecisionApplier::asReasonCode) : Optional.empty();
        return decision.withWrite(record.telling(new PendingEvent(type.wireName(), clock.instant(), Optional.empty(),
                reason, "claim:" + record.claim().token())));
    }

    /** An error code as the event contract's reason: letters, digits and {@code _.:-}, 128 at most. */
    static String asReasonCode(String code) {
        String cleaned = code.replaceAll("[^A-Za-z0-9_.:-]", "_");
        return cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned;
    }

    private void settle(InboundMessage message, Settlement settlement) {
        if (settlement instanceof Settlement.Postpone postpone) {
            settler.postpone(message, postpone.delay());
        } else if (settlement instanceof Settlement.Requeue requeue) {
            requeueThenDelete(message, requeue.delay(), Map.of());
        } else if (settlement instanceof Settlement.CheckDelivery check) {
            requeueThenDelete(message, check.delay(),
                    Map.of(DeliveryCheck.ATTRIBUTE, Integer.toString(check.check())));
        } else {
            // Deleted, or forwarded to the dead-letter queue above and deleted from this one.
            settler.delete(message);
        }
    }

    /** Deleted once its copy is in the queue; if the copy cannot be sent, the message waits as a retry. */
    private void requeueThenDelete(InboundMessage message, Duration delay, Map<String, String> ours) {
        forwarder.requeue(message, delay, ours).whenComplete((sent, failure) -> {
            if (failure == null) {
                settler.delete(message);
            } else {
                settler.postpone(message, delay);
            }
        });
    }
}
