package org.appointmentreminders.worker.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.pipeline.Decision.LedgerWrite;
import org.appointmentreminders.worker.pipeline.Decision.Sends;
import org.appointmentreminders.worker.pipeline.Decision.Settlement;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.QueueFacts;
import org.appointmentreminders.worker.retry.Backoff;
import org.appointmentreminders.worker.sqs.SqsLimits;

/**
 * Decides what becomes of one message, top to bottom. An appointment change is recorded (newest wins). A reminder:
 * read it, wait for its send window, claim it, check its deadline, check that its appointment is as it knows it and
 * take a text under the phone's frequency cap (one request; for a new reminder, one with its claim), then text, or
 * fall back to email. Sending is the only thing done here besides those ledger checks; recording and settling the
 * message are part of the returned {@link Decision}, which {@link DecisionApplier} carries out. Nothing here waits:
 * each call to AWS returns a future and the next step runs when it completes; a retry is the message hidden in the
 * queue for a while.
 */
@Singleton
public final class ReminderPipeline {
    /** Added to the wait for a held claim, so the next look finds the holder done. */
    private static final Duration AFTER_LEASE = Duration.ofSeconds(2);

    private final ReminderParser parser;
    private final ReminderLedger ledger;
    private final OptOuts optOuts;
    private final SmsChannel sms;
    private final EmailChannel email;
    private final SendWindows windows;
    private final Backoff backoff;
    private final QueueFacts queue;
    private final Clock clock;
    private final Duration messageBudget;
    private final Duration longestWait;
    private final WorkerConfig.DeliveryReceipts receipts;
    private final Duration sendMargin;

    @Inject
    public ReminderPipeline(ReminderParser parser, ReminderLedger ledger, OptOuts optOuts, SmsChannel sms,
                            EmailChannel email, SendWindows windows, Backoff backoff, QueueFacts queue, Clock clock,
                            WorkerConfig.Processing processing, WorkerConfig.SendWindow sendWindow,
                            WorkerConfig.DeliveryReceipts receipts, WorkerConfig.Aws aws,
                            WorkerConfig.Ledger ledgerSettings) {
        this.parser = parser;
        this.ledger = ledger;
        this.optOuts = optOuts;
        this.sms = sms;
        this.email = email;
        this.windows = windows;
        this.backoff = backoff;
        this.queue = queue;
        this.clock = clock;
        this.messageBudget = processing.messageBudget();
        this.longestWait = sendWindow.longestWait();
        this.receipts = receipts;
        // A send takes one attempt (the senders do not retry), its record a whole call with retries; never more
        // than the lease leaves beyond the message budget, which is what a message may take.
        Duration sendAndRecord = aws.attemptTimeout().plus(aws.callTimeout());
        Duration slack = ledgerSettings.lease().minus(processing.messageBudget());
        this.sendMargin = sendAndRecord.compareTo(slack) < 0 ? sendAndRecord : slack;
    }

    public CompletableFuture<Decision> decide(InboundMessage message) {
        ParseResult parsed = parser.parse(message.body());
        if (parsed instanceof ParseResult.Invalid invalid) {
            return done(reject(message, invalid));
        }
        if (parsed instanceof ParseResult.ValidChange change) {
            return recordChange(message, change.change());
        }
        ReminderMessage reminder = ((ParseResult.Valid) parsed).message();
        Optional<Integer> check = DeliveryCheck.of(message);
        if (check.isPresent()) {
            // Only an email can follow a check, and the send window is for texts.
            return claimThen(message, reminder, false, check);
        }
        Instant now = clock.instant();
        Optional<Instant> opening = windows.nextOpening(reminder, now);
        if (opening.isPresent() && reminder.deadline().toInstant().isAfter(opening.get())) {
            // Waits as a new message: the receives it will need once the window opens stay untouched.
            Duration untilOpen = Duration.between(now, opening.get());
            Duration wait = untilOpen.compareTo(longestWait) < 0 ? untilOpen : longestWait;
            return done(new Decision(Outcome.WAITING, reminder.reminderId(), "window_opens:" + opening.get(),
                    Decision.NO_WRITE, new Settlement.Requeue(wait), Sends.NONE));
        }
        if (opening.isEmpty() && message.receiveCount() == 1 && !now.isAfter(reminder.deadline().toInstant())) {
            return claimNewThen(message, reminder);
        }
        return claimThen(message, reminder, opening.isPresent(), Optional.empty());
    }

    /**
     * A first receive is most often a reminder the ledger has not seen: claim and guard it in one request. When it
     * is not new, or the guard refused, nothing was written and the general path claims, then guards.
     */
    private CompletableFuture<Decision> claimNewThen(InboundMessage message, ReminderMessage reminder) {
        boolean optedOut = optOuts.isOptedOut(reminder.patient().phone());
        return ledger.claimNew(reminder, message.messageId(), !optedOut).handle((first, failure) -> {
            if (failure != null) {
                return done(retry(message, reminder.reminderId(), "unavailable:" + AwsErrors.code(failure),
                        Sends.NONE, Decision.NO_WRITE));
            }
            if (first.isEmpty()) {
                return claimThen(message, reminder, false, Optional.empty());
            }
            Attempt attempt = new Attempt(message, reminder, first.get().claim(), null);
            return afterGuard(attempt, new GuardResult.Clear(first.get().heldText()), optedOut);
        }).thenCompose(decision -> decision);
    }

    private CompletableFuture<Decision> claimThen(InboundMessage message, ReminderMessage reminder,
                                                  boolean openingAfterDeadline, Optional<Integer> check) {
        return ledger.claim(reminder, message.messageId()).handle((claimed, failure) -> {
            if (failure != null) {
                // Nothing was sent: safe to try the whole message again later.
                return done(retry(message, reminder.reminderId(), "unavailable:" + AwsErrors.code(failure),
                        Sends.NONE, Decision.NO_WRITE));
            }
            return afterClaim(message, reminder, claimed, openingAfterDeadline, check);
        }).thenCompose(decision -> decision);
    }

    private CompletableFuture<Decision> recordChange(InboundMessage message, AppointmentChange change) {
        return ledger.recordChange(change).handle((result, failure) -> {
            if (failure != null) {
                return retry(message, change.changeId(), "unavailable:" + AwsErrors.code(failure), Sends.NONE,
                        Decision.NO_WRITE);
            }
            Outcome outcome = result == ChangeResult.RECORDED ? Outcome.CHANGE_RECORDED : Outcome.CHANGE_SUPERSEDED;
            return new Decision(outcome, change.changeId(), change.kind().kind(), Decision.NO_WRITE, Decision.DELETE,
                    Sends.NONE);
        });
    }

    private CompletableFuture<Decision> afterClaim(InboundMessage message, ReminderMessage reminder,
                                                   ClaimResult claimed, boolean openingAfterDeadline,
                                                   Optional<Integer> check) {
        if (claimed instanceof ClaimResult.AlreadyEnded ended) {
            return done(check.isPresent() ? afterCheck(reminder, ended, check.get())
                    : new Decision(Outcome.DUPLICATE, reminder.reminderId(), ended.status(), Decision.NO_WRITE,
                            Decision.DELETE, Sends.NONE, ended.eventsPending()));
        }
        if (claimed instanceof ClaimResult.HeldElsewhere held) {
            // The holder usually finishes within its message budget (a reminder enqueued twice): look again then.
            // Looking again costs a receive, so the second look waits for the lease to free the reminder.
            Duration untilFree = Duration.between(clock.instant(), held.leaseUntil());
            Duration look = message.receiveCount() == 1 && untilFree.compareTo(messageBudget) > 0
                    ? messageBudget : untilFree;
            return done(new Decision(Outcome.DEFERRED, reminder.reminderId(), "claimed_elsewhere",
                    Decision.NO_WRITE, new Settlement.Postpone(look.plus(AFTER_LEASE)), Sends.NONE));
        }
        Claim claim = ((ClaimResult.Claimed) claimed).claim();
        // A text still held from an earlier attempt is given back if this attempt sends none.
        Attempt attempt = new Attempt(message, reminder, claim, claim.heldText());
        if (openingAfterDeadline) {
            return done(attempt.ended(Outcome.EXPIRED, Delivery.none(), "window_opens_after_deadline", Sends.NONE));
        }
        return deliver(attempt);
    }

    /**
     * A delivery check found the reminder not claimable for its email: the text arrived, the reminder ended otherwise,
     * or the carrier has not answered yet, when the check is repeated while there are checks left and time before the
     * deadline.
     */
    private Decision afterCheck(ReminderMessage reminder, ClaimResult.AlreadyEnded ended, int check) {
        Duration next = nextCheckDelay(check + 1);
        boolean again = ended.awaitingReceipt() && check < receipts.checks()
                && clock.instant().plus(next).isBefore(reminder.deadline().toInstant());
        if (again) {
            return new Decision(Outcome.AWAITING_RECEIPT, reminder.reminderId(), "check:" + check, Decision.NO_WRITE,
                    new Settlement.CheckDelivery(next, check + 1), Sends.NONE, ended.eventsPending());
        }
        return new Decision(Outcome.CHECKED, reminder.reminderId(), ended.status(), Decision.NO_WRITE,
                Decision.DELETE, Sends.NONE, ended.eventsPending());
    }

    /** Check n waits check-after x 2^(n-1), at most the 15 minutes SQS can delay a message. */
    private Duration nextCheckDelay(int check) {
        Duration delay = receipts.checkAfter().multipliedBy(1L << Math.min(check - 1, 20));
        return delay.compareTo(SqsLimits.LONGEST_DELAY) > 0 ? SqsLimits.LONGEST_DELAY : delay;
    }

    /** After a text: delete, or come back as a delivery check when an undelivered text can still be emailed. */
    private Settlement afterSent(ReminderMessage reminder) {
        boolean checked = receipts.enabled() && receipts.checks() > 0 && reminder.patient().email() != null
                && clock.instant().plus(receipts.checkAfter()).isBefore(reminder.deadline().toInstant());
        return checked ? new Settlement.CheckDelivery(receipts.checkAfter(), 1) : Decision.DELETE;
    }

    private Decision reject(InboundMessage message, ParseResult.Invalid invalid) {
        List<String> codes = invalid.violations().stream().map(Violation::code).toList();
        return new Decision(Outcome.REJECTED, invalid.reminderId(), String.join(",", codes),
                new LedgerWrite.Rejected(invalid.reminderId(), message.messageId(), codes),
                new Settlement.DeadLetter(codes.get(0), invalid.violations()), Sends.NONE);
    }

    private CompletableFuture<Decision> deliver(Attempt attempt) {
        if (clock.instant().isAfter(attempt.reminder.deadline().toInstant())) {
            return done(attempt.ended(Outcome.EXPIRED, Delivery.none(), null, Sends.NONE));
        }
        boolean optedOut = optOuts.isOptedOut(attempt.reminder.patient().phone());
        boolean text = !optedOut && !attempt.claim.mustNotText();
        return ledger.guard(attempt.claim, attempt.reminder, text).handle((guarded, failure) -> {
            if (failure != null) {
                return done(giveBack(attempt, "unavailable:" + AwsErrors.code(failure), false, Sends.NONE));
            }
            return afterGuard(attempt, guarded, optedOut);
        }).thenCompose(decision -> decision);
    }

    private CompletableFuture<Decision> afterGuard(Attempt attempt, GuardResult guarded, boolean optedOut) {
        if (guarded instanceof GuardResult.Cancelled) {
            return done(attempt.ended(Outcome.CANCELLED, Delivery.none(), null, Sends.NONE));
        }
        if (guarded instanceof GuardResult.Moved) {
            return done(attempt.ended(Outcome.STALE, Delivery.none(), null, Sends.NONE));
        }
        if (guarded instanceof GuardResult.Capped) {
            return emailInstead(attempt, "capped", false, Sends.NONE);
        }
        if (optedOut) {
            return emailInstead(attempt, SendResult.Permanent.OPTED_OUT, false, Sends.NONE);
        }
        if (attempt.claim.undelivered() != null) {
            return emailInstead(attempt, "undeliverable:" + attempt.claim.undelivered(), true, Sends.NONE);
        }
        if (attempt.claim.smsPermanentlyFailed()) {
            return emailInstead(attempt, "sms_failed_permanently_before", true, Sends.NONE);
        }
        return text(attempt.holding(((GuardResult.Clear) guarded).heldText()));
    }

    private CompletableFuture<Decision> text(Attempt attempt) {
        return sms.send(attempt.reminder, sendBy(attempt)).thenCompose(result -> afterText(attempt, result));
    }

    private CompletableFuture<Decision> afterText(Attempt attempt, SendResult result) {
        Sends sends = Sends.NONE.withSms(result);
        if (result instanceof SendResult.Sent sent) {
            return done(new Decision(Outcome.SMS_SENT, attempt.reminder.reminderId(), null,
                    new LedgerWrite.Final(attempt.claim, Delivery.sms(sent.providerMessageId())),
                    afterSent(attempt.reminder), sends));
        }
        if (result instanceof SendResult.Permanent permanent) {
            return emailInstead(attempt, permanent.errorCode(), true, sends);
        }
        String code = retryableCode(result);
        if (!isFinalReceive(attempt)) {
            return done(giveBack(attempt, code, false, sends));
        }
        if (result instanceof SendResult.Throttled) {
            return done(requeue(attempt, code, false, sends));
        }
        return emailInstead(attempt, code, false, sends);
    }

    private CompletableFuture<Decision> emailInstead(Attempt attempt, String smsErrorCode, boolean smsPermanent,
                                                     Sends sends) {
        if (attempt.reminder.patient().email() == null) {
            if ("capped".equals(smsErrorCode)) {
                // Nothing to redrive: the cap, not a failure, stopped the text.
                return done(attempt.ended(Outcome.CAPPED, Delivery.none(), null, sends));
            }
            return done(fail(attempt, "no_email:" + smsErrorCode, true, smsPermanent, sends));
        }
        return email.send(attempt.reminder, sendBy(attempt)).thenApply(result -> afterEmail(attempt, smsErrorCode, smsPermanent,
                sends.withEmail(result)));
    }

    private Decision afterEmail(Attempt attempt, String smsErrorCode, boolean smsPermanent, Sends both) {
        boolean smsAttempted = both.sms().isPresent();
        SendResult result = both.email().orElseThrow();
        if (result instanceof SendResult.Sent sent) {
            Delivery delivery = Delivery.email(sent.providerMessageId(), smsAttempted, smsPermanent, smsErrorCode);
            return attempt.ended(Outcome.EMAIL_SENT, delivery, smsErrorCode, both);
        }
        if (result instanceof SendResult.Permanent permanent) {
            return fail(attempt, "email:" + permanent.errorCode(), true, smsPermanent, both);
        }
        String code = "email:" + retryableCode(result);
        if (!isFinalReceive(attempt)) {
            return giveBack(attempt, code, smsPermanent, both);
        }
        if (result instanceof SendResult.Throttled) {
            return requeue(attempt, code, smsPermanent, both);
        }
        return fail(attempt, code, false, smsPermanent, both);
    }

    private static String retryableCode(SendResult result) {
        return result instanceof SendResult.Throttled throttled ? throttled.errorCode()
                : ((SendResult.Transient) result).errorCode();
    }

    /**
     * Neither channel got through. When that is certain to stay so (no email address, a permanent refusal) the
     * message goes to the dead-letter queue now; on the final receive it is left for the queue's redrive policy.
     */
    private Decision fail(Attempt attempt, String code, boolean certain, boolean smsPermanent, Sends sends) {
        Delivery delivery = Delivery.failed(code, sends.sms().isPresent(), smsPermanent);
        Settlement settlement = isFinalReceive(attempt) || !certain
                ? new Settlement.Postpone(Duration.ZERO) : new Settlement.DeadLetter(code, List.of());
        return new Decision(Outcome.FAILED, attempt.reminder.reminderId(), code,
                new LedgerWrite.Final(attempt.claim, delivery, attempt.heldText), settlement, sends);
    }

    /** A transient failure: free the claim and hide the message for a backoff. */
    private Decision giveBack(Attempt attempt, String code, boolean smsPermanent, Sends sends) {
        Delivery delivery = Delivery.failed(code, sends.sms().isPresent(), smsPermanent);
        return retry(attempt.message, attempt.reminder.reminderId(), code, sends,
                new LedgerWrite.Release(attempt.claim, delivery, attempt.heldText));
    }

    /**
     * Throttled on the final receive: the reminder is not at fault, so instead of its fallback or the dead-letter
     * queue it goes back to the queue as a new message, with a fresh count of receives.
     */
    private Decision requeue(Attempt attempt, String code, boolean smsPermanent, Sends sends) {
        Delivery delivery = Delivery.failed(code, sends.sms().isPresent(), smsPermanent);
        return new Decision(Outcome.RETRY, attempt.reminder.reminderId(), "requeued:" + code,
                new LedgerWrite.Release(attempt.claim, delivery, attempt.heldText),
                new Settlement.Requeue(backoff.delayAfter(attempt.message.receiveCount())), sends);
    }

    private Decision retry(InboundMessage message, String reminderId, String code, Sends sends, LedgerWrite write) {
        return new Decision(Outcome.RETRY, reminderId, code, write,
                new Settlement.Postpone(backoff.delayAfter(message.receiveCount())), sends);
    }

    /**
     * The latest a send may start on this claim: early enough that the send and then its record end before the lease
     * does. A worker that stalled past it (a long pause, a starved CPU) sends nothing, since another worker may take
     * the reminder when the lease ends.
     */
    private Instant sendBy(Attempt attempt) {
        return attempt.claim.leaseUntil().equals(Instant.MAX) ? Instant.MAX
                : attempt.claim.leaseUntil().minus(sendMargin);
    }

    private static CompletableFuture<Decision> done(Decision decision) {
        return CompletableFuture.completedFuture(decision);
    }

    private boolean isFinalReceive(Attempt attempt) {
        return queue.isFinalReceive(attempt.message.receiveCount());
    }

    /** One claimed reminder on its way through; {@code heldText} is its text under the cap, once it has one. */
    private record Attempt(InboundMessage message, ReminderMessage reminder, Claim claim, TextHold heldText) {
        Attempt holding(TextHold text) {
            return new Attempt(message, reminder, claim, text);
        }

        /** The reminder is over without a text: record it, giving back any text it held, and delete the message. */
        Decision ended(Outcome outcome, Delivery delivery, String detail, Sends sends) {
            return new Decision(outcome, reminder.reminderId(), detail,
                    new LedgerWrite.Final(claim, delivery, heldText), Decision.DELETE, sends);
        }
    }
}
