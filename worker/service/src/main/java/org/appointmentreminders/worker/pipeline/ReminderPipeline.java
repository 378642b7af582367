package org.appointmentreminders.worker.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.email.EmailFallback;
import org.appointmentreminders.worker.ledger.Claim;
import org.appointmentreminders.worker.ledger.ClaimResult;
import org.appointmentreminders.worker.ledger.Delivery;
import org.appointmentreminders.worker.ledger.LedgerAttributes;
import org.appointmentreminders.worker.ledger.LedgerStatus;
import org.appointmentreminders.worker.ledger.OutcomeLedger;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.metrics.Metrics;
import org.appointmentreminders.worker.queue.DeadLetterForwarder;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.QueueFacts;
import org.appointmentreminders.worker.queue.Settler;
import org.appointmentreminders.worker.retry.Backoff;
import org.appointmentreminders.worker.sms.OptOutList;
import org.appointmentreminders.worker.sms.SmsRenderer;
import org.appointmentreminders.worker.sms.SmsSender;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One message from top to bottom: decode, claim, check the deadline, text, fall back to email, record, settle. Each
 * step is a small class of its own; this one only decides which comes next. Nothing here sleeps: a retry is the
 * message hidden in the queue for a while.
 */
@Singleton
public final class ReminderPipeline {
    /** Added to the wait for a held claim, so the next look finds the holder done. */
    private static final Duration AFTER_LEASE = Duration.ofSeconds(2);
    private static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12).minusMinutes(1);

    private final ReminderParser parser;
    private final OutcomeLedger ledger;
    private final OptOutList optOuts;
    private final SmsRenderer renderer;
    private final SmsSender sms;
    private final EmailFallback email;
    private final DeadLetterForwarder deadLetters;
    private final Settler settler;
    private final PendingRecords pendingRecords;
    private final Backoff backoff;
    private final QueueFacts queue;
    private final Metrics metrics;
    private final OutcomeReporter reporter;
    private final Clock clock;
    private final Duration messageBudget;

    @Inject
    public ReminderPipeline(ReminderParser parser, OutcomeLedger ledger, OptOutList optOuts, SmsRenderer renderer,
                            SmsSender sms, EmailFallback email, DeadLetterForwarder deadLetters, Settler settler,
                            PendingRecords pendingRecords, Backoff backoff, QueueFacts queue, Metrics metrics,
                            OutcomeReporter reporter, Clock clock, WorkerConfig config) {
        this.parser = parser;
        this.ledger = ledger;
        this.optOuts = optOuts;
        this.renderer = renderer;
        this.sms = sms;
        this.email = email;
        this.deadLetters = deadLetters;
        this.settler = settler;
        this.pendingRecords = pendingRecords;
        this.backoff = backoff;
        this.queue = queue;
        this.metrics = metrics;
        this.reporter = reporter;
        this.clock = clock;
        this.messageBudget = config.processing().messageBudget();
    }

    public Outcome process(InboundMessage message) {
        ParseResult parsed = parser.parse(message.body());
        if (parsed instanceof ParseResult.Invalid invalid) {
            return reject(message, invalid);
        }
        ReminderMessage reminder = ((ParseResult.Valid) parsed).message();
        try {
            return deliver(new Attempt(message, reminder));
        } catch (SdkException e) {
            // The ledger (or SQS) failed before anything was sent: safe to try the whole message again later.
            return retryLater(message, reminder.reminderId(), "unavailable:" + code(e));
        }
    }

    private Outcome reject(InboundMessage message, ParseResult.Invalid invalid) {
        List<String> codes = invalid.violations().stream().map(Violation::code).toList();
        String key = invalid.reminderId() != null
                ? invalid.reminderId() : LedgerAttributes.UNREADABLE_KEY_PREFIX + message.messageId();
        try {
            ledger.recordRejected(key, message.messageId(), codes);
            deadLetters.forward(message, codes.get(0), invalid.violations());
        } catch (SdkException e) {
            // Not forwarded: it comes back, and on its final receive the redrive policy moves it instead.
            return retryLater(message, invalid.reminderId(), "reject_failed:" + code(e));
        }
        settler.delete(message);
        return report(message, invalid.reminderId(), Outcome.REJECTED, String.join(",", codes));
    }

    private Outcome deliver(Attempt attempt) {
        ClaimResult claimed = ledger.claim(attempt.reminder, attempt.message.messageId());
        if (claimed instanceof ClaimResult.AlreadyFinal done) {
            settler.delete(attempt.message);
            return report(attempt, Outcome.DUPLICATE, done.status().name());
        }
        if (claimed instanceof ClaimResult.HeldElsewhere held) {
            // The holder finishes within its message budget, or its lease frees the reminder: look again then.
            Duration untilFree = Duration.between(clock.instant(), held.leaseUntil());
            Duration look = untilFree.compareTo(messageBudget) < 0 ? untilFree : messageBudget;
            settler.postpone(attempt.message, clamp(look.plus(AFTER_LEASE)));
            return report(attempt, Outcome.DEFERRED, "claimed_elsewhere");
        }
        attempt.claim = ((ClaimResult.Claimed) claimed).claim();

        if (clock.instant().isAfter(attempt.reminder.deadline().toInstant())) {
            return finish(attempt, LedgerStatus.EXPIRED, Delivery.none(), Outcome.EXPIRED, null);
        }
        if (optOuts.isOptedOut(attempt.reminder.patient().phone())) {
            return emailInstead(attempt, "opted_out");
        }
        if (attempt.claim.smsPermanentlyFailed()) {
            attempt.smsPermanentFailure = true;
            return emailInstead(attempt, "sms_failed_permanently_before");
        }
        return text(attempt);
    }

    private Outcome text(Attempt attempt) {
        metrics.count(MetricNames.SMS_ATTEMPTS);
        attempt.smsAttempted = true;
        SendResult result = sms.send(attempt.reminder.patient().phone(), renderer.render(attempt.reminder));
        if (result instanceof SendResult.Sent sent) {
            return finish(attempt, LedgerStatus.SMS_SENT, Delivery.sms(sent.providerMessageId()), Outcome.SMS_SENT,
                    null);
        }
        metrics.count(MetricNames.SMS_FAILURES);
        if (result instanceof SendResult.Permanent permanent) {
            attempt.smsPermanentFailure = true;
            return emailInstead(attempt, permanent.errorCode());
        }
        String code = ((SendResult.Transient) result).errorCode();
        if (queue.isFinalReceive(attempt.message.receiveCount())) {
            return emailInstead(attempt, code);
        }
        metrics.count(MetricNames.SMS_RETRIES);
        return giveBack(attempt, code);
    }

    private Outcome emailInstead(Attempt attempt, String smsErrorCode) {
        if (attempt.reminder.patient().email() == null) {
            return fail(attempt, "no_email:" + smsErrorCode, true);
        }
        SendResult result = email.send(attempt.reminder);
        if (result instanceof SendResult.Sent sent) {
            Delivery delivery = Delivery.email(sent.providerMessageId(), attempt.smsAttempted,
                    attempt.smsPermanentFailure, smsErrorCode);
            return finish(attempt, LedgerStatus.EMAIL_SENT, delivery, Outcome.EMAIL_SENT, smsErrorCode);
        }
        metrics.count(MetricNames.EMAIL_FAILURES);
        if (result instanceof SendResult.Transient failure && !queue.isFinalReceive(attempt.message.receiveCount())) {
            return giveBack(attempt, "email:" + failure.errorCode());
        }
        String emailCode = result instanceof SendResult.Transient t ? t.errorCode()
                : ((SendResult.Permanent) result).errorCode();
        return fail(attempt, "email:" + emailCode, result instanceof SendResult.Permanent);
    }

    /** Records the result and deletes the message; a ledger write that fails after a send is kept trying. */
    private Outcome finish(Attempt attempt, LedgerStatus status, Delivery delivery, Outcome outcome, String detail) {
        try {
            ledger.recordFinal(attempt.claim, status, delivery);
            settler.delete(attempt.message);
        } catch (SdkException e) {
            pendingRecords.retry(attempt.message, attempt.claim, status, delivery);
        }
        return report(attempt, outcome, detail);
    }

    /**
     * Neither channel got through. When that is certain to stay so (no email address, a permanent refusal) the
     * message goes to the dead-letter queue now; on the final receive it is left for the queue's redrive policy.
     */
    private Outcome fail(Attempt attempt, String code, boolean certain) {
        Delivery delivery = Delivery.failed(code, attempt.smsAttempted, attempt.smsPermanentFailure);
        ledger.recordFinal(attempt.claim, LedgerStatus.FAILED, delivery);
        if (queue.isFinalReceive(attempt.message.receiveCount()) || !certain) {
            settler.postpone(attempt.message, Duration.ZERO);
        } else {
            deadLetters.forward(attempt.message, code, List.of());
            settler.delete(attempt.message);
        }
        return report(attempt, Outcome.FAILED, code);
    }

    /** A transient failure: free the claim and hide the message for a backoff. */
    private Outcome giveBack(Attempt attempt, String code) {
        ledger.release(attempt.claim, Delivery.failed(code, attempt.smsAttempted, attempt.smsPermanentFailure));
        settler.postpone(attempt.message, backoff.delayAfter(attempt.message.receiveCount()));
        return report(attempt, Outcome.RETRY, code);
    }

    private Outcome retryLater(InboundMessage message, String reminderId, String code) {
        settler.postpone(message, backoff.delayAfter(message.receiveCount()));
        return report(message, reminderId, Outcome.RETRY, code);
    }

    private Outcome report(Attempt attempt, Outcome outcome, String detail) {
        return report(attempt.message, attempt.reminder.reminderId(), outcome, detail);
    }

    private Outcome report(InboundMessage message, String reminderId, Outcome outcome, String detail) {
        reporter.report(message, reminderId, outcome, detail);
        return outcome;
    }

    private static Duration clamp(Duration visibility) {
        if (visibility.isNegative()) {
            return Duration.ZERO;
        }
        return visibility.compareTo(SQS_MAX_VISIBILITY) > 0 ? SQS_MAX_VISIBILITY : visibility;
    }

    private static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    /** What one pass over a message has learned so far. */
    private static final class Attempt {
        final InboundMessage message;
        final ReminderMessage reminder;
        Claim claim;
        boolean smsAttempted;
        boolean smsPermanentFailure;

        Attempt(InboundMessage message, ReminderMessage reminder) {
            this.message = message;
            this.reminder = reminder;
        }
    }
}
