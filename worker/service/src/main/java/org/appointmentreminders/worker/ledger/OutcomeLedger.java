package org.appointmentreminders.worker.ledger;

import org.appointmentreminders.worker.ledger.layout.PhoneHash;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.APPOINTMENT_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CAP_TEXTS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.APPOINTMENT_CHANGES;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.APPOINTMENT_UPDATED_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.APPOINTMENT_START;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.APPOINTMENT_STATUS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.ATTEMPTS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CHANNEL;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CLINIC_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CLINIC_KEY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPORT_DAY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY_EVENT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EHR_PENDING;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.LANGUAGE;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.PHONE_HASH;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_SENT_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CLAIM_TOKEN;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CREATED_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EMAIL_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.ERROR_CODE;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EXPIRES_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.LEASE_UNTIL;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.MASKED_PHONE;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.PATIENT_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REMINDER_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_ATTEMPTS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.HELD_TEXT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_PERMANENT_FAILURE;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SQS_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.STATUS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.UPDATED_AT;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.ChangeKind;
import org.appointmentreminders.contracts.PhoneMask;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.pipeline.Claim;
import org.appointmentreminders.worker.pipeline.ChangeResult;
import org.appointmentreminders.worker.pipeline.ClaimResult;
import org.appointmentreminders.worker.pipeline.Delivery;
import org.appointmentreminders.worker.pipeline.FirstClaim;
import org.appointmentreminders.worker.pipeline.GuardResult;
import org.appointmentreminders.worker.pipeline.Outcome;
import org.appointmentreminders.worker.pipeline.ReminderLedger;
import org.appointmentreminders.worker.pipeline.TextHold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.appointmentreminders.worker.receipts.DeliveryState;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One DynamoDB item per reminderId: who holds it, what was sent, and how it ended. Every write is conditional, so two
 * workers never both send; a new reminder's clean path costs two calls (claim with its guard, then record).
 */
@Singleton
public final class OutcomeLedger implements ReminderLedger {
    private static final Logger log = LoggerFactory.getLogger(OutcomeLedger.class);

    /** A reminder may be (re)claimed when it is new, when its holder's lease ran out, or when it ended unsent. */
    private static final String CLAIMABLE = "attribute_not_exists(#id) OR (#status = :claimed AND #lease < :now)"
            + " OR #status = :failed OR #status = :rejected";
    private static final String HELD_BY_ME = "#token = :token";

    /** Tries of a guard whose cap refusal showed stale entries or a later free slot of the day. */
    private static final int GUARD_TRIES = 3;
    private static final String SCHEDULED = "SCHEDULED";
    private static final String PENDING = DeliveryState.PENDING.name();
    private static final String UNDELIVERABLE = DeliveryState.UNDELIVERABLE.name();
    private static final String CANCELLED = "CANCELLED";

    private final DynamoDbAsyncClient dynamoDb;
    private final Clock clock;
    private final WorkerConfig.Ledger settings;
    private final TextCap cap;
    private final boolean emailsUndeliveredTexts;

    @Inject
    public OutcomeLedger(DynamoDbAsyncClient dynamoDb, Clock clock, WorkerConfig.Ledger settings, TextCap cap,
                         WorkerConfig.DeliveryReceipts receipts) {
        this.dynamoDb = dynamoDb;
        this.clock = clock;
        this.settings = settings;
        this.cap = cap;
        this.emailsUndeliveredTexts = receipts.enabled() && receipts.checks() > 0;
    }

    @Override
    public CompletableFuture<ClaimResult> claim(ReminderMessage message, String sqsMessageId) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        Instant leaseUntil = now.plus(settings.lease());
        LedgerUpdate update = claimUpdate(message, sqsMessageId, now, token, leaseUntil);
        Map<String, AttributeValue> values = new HashMap<>(claimableValues(now));
        String condition = CLAIMABLE;
        if (emailsUndeliveredTexts && message.patient().email() != null
                && now.isBefore(message.deadline().toInstant())) {
            // Texted, and the carrier could not deliver it: claimable once more, to be emailed.
            condition += " OR (#status = :smsSent AND #delivery = :undeliverable"
                    + " AND attribute_not_exists(#emailMessageId))";
            update.name("#delivery", DELIVERY).name("#emailMessageId", EMAIL_MESSAGE_ID);
            values.put(":smsSent", s(LedgerStatus.SMS_SENT.name()));
            values.put(":undeliverable", s(UNDELIVERABLE));
        }
        update.condition(condition, values);
        return update.run(message.reminderId(), ReturnValue.ALL_OLD).handle((before, failure) -> {
            if (failure == null) {
                return new ClaimResult.Claimed(new Claim(message.reminderId(), token, permanentlyFailed(before),
                        heldText(before), undelivered(before), leaseUntil));
            }
            if (!(AwsErrors.unwrap(failure) instanceof ConditionalCheckFailedException refused)) {
                throw new CompletionException(AwsErrors.unwrap(failure));
            }
            Map<String, AttributeValue> current = refused.item();
            if (current != null && current.containsKey(CLAIM_TOKEN) && token.equals(current.get(CLAIM_TOKEN).s())) {
                // Our own claim: the SDK retried a write that had succeeded, and the retry found it done.
                return new ClaimResult.Claimed(new Claim(message.reminderId(), token, permanentlyFailed(current),
                        heldText(current), undelivered(current), leaseUntil));
            }
            LedgerStatus status = current == null || !current.containsKey(STATUS)
                    ? LedgerStatus.CLAIMED : LedgerStatus.valueOf(current.get(STATUS).s());
            if (status.endsReminder()) {
                String delivery = current.containsKey(DELIVERY) ? current.get(DELIVERY).s() : PENDING;
                boolean awaitingReceipt = status == LedgerStatus.SMS_SENT && PENDING.equals(delivery);
                boolean eventsPending = current.containsKey(EHR_PENDING) && current.get(EHR_PENDING).hasSs()
                        && !current.get(EHR_PENDING).ss().isEmpty();
                return new ClaimResult.AlreadyEnded(status.name(), awaitingReceipt, eventsPending);
            }
            Instant holdersLease = current != null && current.containsKey(LEASE_UNTIL)
                    ? Instant.ofEpochMilli(Long.parseLong(current.get(LEASE_UNTIL).n())) : leaseUntil;
            return new ClaimResult.HeldElsewhere(holdersLease);
        });
    }

    /** What a claim writes on the reminder's item: who holds it until when, and what reports count it by. */
    private LedgerUpdate claimUpdate(ReminderMessage message, String sqsMessageId, Instant now, String token,
                                     Instant leaseUntil) {
        LedgerUpdate update = update(now)
                .set(STATUS, s(LedgerStatus.CLAIMED.name()))
                .set(CLAIM_TOKEN, s(token))
                .set(LEASE_UNTIL, n(leaseUntil.toEpochMilli()))
                .set(PATIENT_ID, s(message.patient().id()))
                .set(APPOINTMENT_ID, s(message.appointment().id()))
                .set(MASKED_PHONE, s(PhoneMask.mask(message.patient().phone())))
                .set(PHONE_HASH, s(PhoneHash.of(message.patient().phone())))
                .set(LANGUAGE, s(message.patient().language().code()))
                .set(SQS_MESSAGE_ID, s(sqsMessageId))
                .increment(ATTEMPTS);
        if (message.appointment().clinicId() != null) {
            update.set(CLINIC_ID, s(message.appointment().clinicId()));
        }
        return update.set(CLINIC_KEY, s(clinicKey(message)))
                .setIfAbsent(REPORT_DAY, s(now.atZone(message.appointment().timeZone()).toLocalDate().toString()));
    }

    /**
     * One transaction: the claim, on the condition that the ledger has no item for the reminder (which is why it
     * needs none of what {@link #claim} reads back), with the guard's check of the appointment and, when texting,
     * the cap's first slot of the day noted on the claim itself.
     */
    @Override
    public CompletableFuture<Optional<FirstClaim>> claimNew(ReminderMessage message, String sqsMessageId,
                                                           boolean text) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        Instant leaseUntil = now.plus(settings.lease());
        String capKey = TextCap.key(message.patient().phone());
        String slot = text && cap.enabled() ? cap.firstSlot(today(message)) : null;
        LedgerUpdate claim = claimUpdate(message, sqsMessageId, now, token, leaseUntil)
                .condition("attribute_not_exists(#id)", Map.of());
        List<TransactWriteItem> items = new ArrayList<>();
        if (slot != null) {
            claim.set(HELD_TEXT, s(capKey + "|" + slot));
        }
        items.add(TransactWriteItem.builder().update(claim.asTransactionUpdate(message.reminderId())).build());
        items.add(TransactWriteItem.builder().conditionCheck(appointmentAsReminded(message)).build());
        if (slot != null) {
            items.add(TransactWriteItem.builder().update(take(capKey, slot)).build());
        }
        FirstClaim first = new FirstClaim(new Claim(message.reminderId(), token, false, null, null, leaseUntil),
                slot == null ? null : new TextHold(capKey, slot));
        return dynamoDb.transactWriteItems(r -> r.transactItems(items)).handle((written, failure) -> {
            if (failure == null) {
                return Optional.of(first);
            }
            Map<String, AttributeValue> reminder = refusedItem(failure, 0);
            if (reminder != null && reminder.containsKey(CLAIM_TOKEN)
                    && token.equals(reminder.get(CLAIM_TOKEN).s())) {
                // The SDK retried a transaction that had gone through: all of it is ours.
                return Optional.of(first);
            }
            for (int index = 0; index < items.size(); index++) {
                if (refusedItem(failure, index) != null) {
                    return Optional.empty();
                }
            }
            throw new CompletionException(AwsErrors.unwrap(failure));
        });
    }

    @Override
    public CompletableFuture<Void> recordRejected(String reminderId, String sqsMessageId,
                                                  List<String> violationCodes) {
        Instant now = clock.instant();
        String key = reminderId != null ? reminderId : LedgerAttributes.UNREADABLE_KEY_PREFIX + sqsMessageId;
        return update(now)
                .set(STATUS, s(LedgerStatus.REJECTED.name()))
                .set(SQS_MESSAGE_ID, s(sqsMessageId))
                .set(ERROR_CODE, s(String.join(",", violationCodes.stream().distinct().toList())))
                .increment(ATTEMPTS)
                .condition("attribute_not_exists(#id) OR #status = :rejected OR #status = :failed",
                        Map.of(":rejected", s(LedgerStatus.REJECTED.name()),
                                ":failed", s(LedgerStatus.FAILED.name())))
                .run(key, ReturnValue.NONE)
                .handle((written, failure) -> {
                    if (failure != null && !(AwsErrors.unwrap(failure) instanceof ConditionalCheckFailedException)) {
                        throw new CompletionException(AwsErrors.unwrap(failure));
                    }
                    if (failure != null) {
                        // A valid message with this reminderId was handled already; its record stays as it is.
                        log.info("Rejected message left the ledger as it was: the reminder is already recorded");
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Boolean> recordFinal(Claim claim, Outcome outcome, Delivery delivery,
                                                  TextHold unusedText, Optional<PendingEvent> tell) {
        LedgerUpdate update = update(clock.instant())
                .set(STATUS, s(statusOf(outcome).name()))
                .set(CHANNEL, s(delivery.channel().name()))
                // A text sent stays taken under the cap; the reminder no longer holds it either way.
                .remove(CLAIM_TOKEN, LEASE_UNTIL, HELD_TEXT)
                .condition(HELD_BY_ME, Map.of(":token", s(claim.token())));
        delivery.smsMessageId().ifPresent(id -> update.set(SMS_MESSAGE_ID, s(id))
                .set(SMS_SENT_AT, n(clock.millis())));
        tell.ifPresent(event -> update.addToSet(EHR_PENDING, List.of(event.encode())));
        delivery.emailMessageId().ifPresent(id -> update.set(EMAIL_MESSAGE_ID, s(id)));
        return runHeld(attempt(update, delivery), claim, statusOf(outcome).name(), unusedText);
    }

    @Override
    public CompletableFuture<Boolean> release(Claim claim, Delivery delivery, TextHold unusedText) {
        LedgerUpdate update = update(clock.instant())
                .set(LEASE_UNTIL, n(0))
                .condition(HELD_BY_ME, Map.of(":token", s(claim.token())));
        if (unusedText != null) {
            update.remove(HELD_TEXT);
        }
        return runHeld(attempt(update, delivery), claim, null, unusedText);
    }

    /** The ledger's name for how a claimed reminder ended. */
    static LedgerStatus statusOf(Outcome outcome) {
        return switch (outcome) {
            case SMS_SENT -> LedgerStatus.SMS_SENT;
            case EMAIL_SENT -> LedgerStatus.EMAIL_SENT;
            case EXPIRED -> LedgerStatus.EXPIRED;
            case FAILED -> LedgerStatus.FAILED;
            case CANCELLED -> LedgerStatus.CANCELLED;
            case STALE -> LedgerStatus.STALE;
            case CAPPED -> LedgerStatus.CAPPED;
            case REJECTED, DUPLICATE, RETRY, DEFERRED, WAITING, CHANGE_RECORDED, CHANGE_SUPERSEDED, AWAITING_RECEIPT,
                 CHECKED ->
                    throw new IllegalArgumentException(outcome + " does not end a claimed reminder");
        };
    }

    private static TextHold heldText(Map<String, AttributeValue> item) {
        if (!item.containsKey(HELD_TEXT) || item.get(HELD_TEXT).s() == null) {
            return null;
        }
        String[] parts = item.get(HELD_TEXT).s().split("\\|", 2);
        return parts.length == 2 ? new TextHold(parts[0], parts[1]) : null;
    }

    /** Where a reminder counts in reports: its clinicId, else its clinic's name (ids and names never collide). */
    static String clinicKey(ReminderMessage message) {
        String clinicId = message.appointment().clinicId();
        return clinicId != null ? clinicId : "name:" + message.appointment().clinicName();
    }

    /** The carrier's final event of a text that did not arrive, else null. */
    private static String undelivered(Map<String, AttributeValue> item) {
        boolean undeliverable = item.containsKey(DELIVERY) && UNDELIVERABLE.equals(item.get(DELIVERY).s());
        return undeliverable && item.containsKey(DELIVERY_EVENT) ? item.get(DELIVERY_EVENT).s() : null;
    }

    private static boolean permanentlyFailed(Map<String, AttributeValue> item) {
        return item.containsKey(SMS_PERMANENT_FAILURE) && item.get(SMS_PERMANENT_FAILURE).bool();
    }

    /**
     * Runs a write conditional on holding the claim. A refusal means the claim was lost, unless the item already
     * holds exactly what this write sets: then the SDK retried a write that had succeeded.
     */
    private CompletableFuture<Boolean> runHeld(LedgerUpdate update, Claim claim, String status, TextHold unusedText) {
        CompletableFuture<?> write = unusedText == null
                ? update.run(claim.reminderId(), ReturnValue.NONE)
                : dynamoDb.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().update(update.asTransactionUpdate(claim.reminderId())).build(),
                        TransactWriteItem.builder().update(giveBack(unusedText)).build()));
        return write.handle((written, failure) -> {
            if (failure == null) {
                return true;
            }
            Map<String, AttributeValue> current = refusedItem(failure, 0);
            if (current == null) {
                throw new CompletionException(AwsErrors.unwrap(failure));
            }
            boolean alreadyWritten = status != null && !current.containsKey(CLAIM_TOKEN)
                    && current.containsKey(STATUS) && status.equals(current.get(STATUS).s());
            if (!alreadyWritten) {
                log.warn("Claim lost before recording: the lease ran out and another worker took the reminder");
            }
            return alreadyWritten;
        });
    }

    /**
     * The item a refused condition showed: of a single write, or of the {@code index}-th write of a transaction.
     * Null when the failure is not a refused condition (then it is an outage, not an answer).
     */
    private static Map<String, AttributeValue> refusedItem(Throwable failure, int index) {
        Throwable cause = AwsErrors.unwrap(failure);
        if (cause instanceof ConditionalCheckFailedException refused) {
            return refused.item() == null ? Map.of() : refused.item();
        }
        if (cause instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()
                && cancelled.cancellationReasons().size() > index) {
            CancellationReason reason = cancelled.cancellationReasons().get(index);
            if ("ConditionalCheckFailed".equals(reason.code())) {
                return reason.item() == null ? Map.of() : reason.item();
            }
        }
        return null;
    }

    @Override
    public CompletableFuture<GuardResult> guard(Claim claim, ReminderMessage reminder, boolean text) {
        if (text && claim.heldText() != null) {
            // Taken by an earlier attempt of this reminder and never given back: still its own.
            return guard(claim, reminder, claim.heldText().slot(), false, GUARD_TRIES);
        }
        String slot = text && cap.enabled() ? cap.firstSlot(today(reminder)) : null;
        return guard(claim, reminder, slot, slot != null, GUARD_TRIES);
    }

    /**
     * One transaction: the appointment as reminded; and, when taking a text, the cap's slot and the reminder's note
     * that it holds it, so a retry after a lost answer or a crash finds its text instead of taking a second one.
     */
    private CompletableFuture<GuardResult> guard(Claim claim, ReminderMessage reminder, String slot, boolean take,
                                                 int triesLeft) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().conditionCheck(appointmentAsReminded(reminder)).build());
        String capKey = TextCap.key(reminder.patient().phone());
        if (take) {
            items.add(TransactWriteItem.builder().update(take(capKey, slot)).build());
            items.add(TransactWriteItem.builder().update(noteHeld(claim, capKey, slot)).build());
        }
        return dynamoDb.transactWriteItems(r -> r.transactItems(items)).handle((written, failure) -> {
            if (failure == null) {
                return answer(new GuardResult.Clear(slot == null ? null : new TextHold(capKey, slot)));
            }
            Map<String, AttributeValue> appointment = refusedItem(failure, 0);
            if (appointment != null) {
                boolean cancelled = appointment.containsKey(APPOINTMENT_STATUS)
                        && CANCELLED.equals(appointment.get(APPOINTMENT_STATUS).s());
                return answer(cancelled ? new GuardResult.Cancelled() : new GuardResult.Moved());
            }
            Map<String, AttributeValue> texts = take ? refusedItem(failure, 1) : null;
            if (texts == null) {
                // An outage, or the claim lost meanwhile: either way the message is tried again later.
                throw new CompletionException(AwsErrors.unwrap(failure));
            }
            return heldByThisClaim(claim, capKey, slot).thenCompose(ours -> ours
                    ? answer(new GuardResult.Clear(new TextHold(capKey, slot)))
                    : afterCapRefusal(claim, reminder, capKey, texts, triesLeft));
        }).thenCompose(result -> result);
    }

    /**
     * Whether the slot the cap refused is this claim's own: the SDK retries a transaction whose answer was lost (a
     * timeout on a slow call), and the retry finds the slot its first try took. Without this, a busy table capped
     * reminders that had taken their text.
     */
    private CompletableFuture<Boolean> heldByThisClaim(Claim claim, String capKey, String slot) {
        return dynamoDb.getItem(r -> r.tableName(settings.table()).key(Map.of(REMINDER_ID, s(claim.reminderId())))
                        .consistentRead(true))
                .thenApply(response -> {
                    Map<String, AttributeValue> item = response.hasItem() ? response.item() : Map.of();
                    return item.containsKey(CLAIM_TOKEN) && claim.token().equals(item.get(CLAIM_TOKEN).s())
                            && new TextHold(capKey, slot).equals(heldText(item));
                });
    }

    /** The cap refused: prune what the week no longer counts, try the day's next slot, or it is capped. */
    private CompletableFuture<GuardResult> afterCapRefusal(Claim claim, ReminderMessage reminder, String capKey,
                                                          Map<String, AttributeValue> item, int triesLeft) {
        LocalDate today = today(reminder);
        Set<String> texts = item.containsKey(CAP_TEXTS) ? new TreeSet<>(item.get(CAP_TEXTS).ss()) : new TreeSet<>();
        Set<String> stale = cap.stale(texts, today);
        texts.removeAll(stale);
        Optional<String> next = cap.nextSlot(texts, today);
        if (next.isEmpty() || triesLeft <= 1) {
            return answer(new GuardResult.Capped());
        }
        CompletableFuture<?> pruned = stale.isEmpty() ? done(null)
                : dynamoDb.updateItem(r -> r.tableName(settings.table())
                        .key(Map.of(REMINDER_ID, s(capKey)))
                        .updateExpression("DELETE #texts :stale")
                        .expressionAttributeNames(Map.of("#texts", CAP_TEXTS))
                        .expressionAttributeValues(Map.of(":stale", AttributeValue.fromSs(List.copyOf(stale)))));
        return pruned.thenCompose(done -> guard(claim, reminder, next.get(), true, triesLeft - 1));
    }

    /** The appointment has no change newer than the reminder that cancelled it or moved it elsewhere. */
    private ConditionCheck appointmentAsReminded(ReminderMessage reminder) {
        OffsetDateTime version = reminder.appointment().updatedAt();
        return ConditionCheck.builder().tableName(settings.table())
                .key(Map.of(REMINDER_ID, s(LedgerAttributes.APPOINTMENT_KEY_PREFIX + reminder.appointment().id())))
                .conditionExpression("attribute_not_exists(#status) OR #updated < :mine"
                        + " OR (#status = :scheduled AND #start = :start)")
                .expressionAttributeNames(Map.of("#status", APPOINTMENT_STATUS, "#updated", APPOINTMENT_UPDATED_AT,
                        "#start", APPOINTMENT_START))
                .expressionAttributeValues(Map.of(
                        ":mine", n(version == null ? -1 : version.toInstant().toEpochMilli()),
                        ":scheduled", s(SCHEDULED),
                        ":start", n(reminder.appointment().start().toInstant().toEpochMilli())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** Takes a slot of the phone's texts, when the day has it free and the week has room. */
    private software.amazon.awssdk.services.dynamodb.model.Update take(String capKey, String slot) {
        String room = cap.perWeek() > 0 ? " AND size(#texts) < :week" : "";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":slot", AttributeValue.fromSs(List.of(slot)),
                ":slotValue", s(slot),
                ":expires", n(clock.instant().plus(Duration.ofDays(TextCap.WEEK_DAYS + 1)).getEpochSecond())));
        if (cap.perWeek() > 0) {
            values.put(":week", n(cap.perWeek()));
        }
        return software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(settings.table())
                .key(Map.of(REMINDER_ID, s(capKey)))
                .updateExpression("ADD #texts :slot SET #expires = :expires")
                .conditionExpression("attribute_not_exists(#texts) OR (NOT contains(#texts, :slotValue)" + room + ")")
                .expressionAttributeNames(Map.of("#texts", CAP_TEXTS, "#expires", EXPIRES_AT))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** The reminder's note of the text it took, on its own item, while it still holds its claim. */
    private software.amazon.awssdk.services.dynamodb.model.Update noteHeld(Claim claim, String capKey, String slot) {
        return software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(settings.table())
                .key(Map.of(REMINDER_ID, s(claim.reminderId())))
                .updateExpression("SET #held = :held")
                .conditionExpression("#token = :token")
                .expressionAttributeNames(Map.of("#held", HELD_TEXT, "#token", CLAIM_TOKEN))
                .expressionAttributeValues(Map.of(":held", s(capKey + "|" + slot), ":token", s(claim.token())))
                .build();
    }

    /** Gives a text held under the cap back. */
    private software.amazon.awssdk.services.dynamodb.model.Update giveBack(TextHold hold) {
        return software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(settings.table())
                .key(Map.of(REMINDER_ID, s(hold.key())))
                .updateExpression("DELETE #texts :slot")
                .expressionAttributeNames(Map.of("#texts", CAP_TEXTS))
                .expressionAttributeValues(Map.of(":slot", AttributeValue.fromSs(List.of(hold.slot()))))
                .build();
    }

    /** The patient's calendar day: the cap counts local days in the appointment's time zone. */
    private LocalDate today(ReminderMessage reminder) {
        return clock.instant().atZone(reminder.appointment().timeZone()).toLocalDate();
    }

    @Override
    public CompletableFuture<ChangeResult> recordChange(AppointmentChange change) {
        Instant now = clock.instant();
        long version = change.updatedAt().toInstant().toEpochMilli();
        String entry = change.updatedAt().toInstant() + " " + change.kind().kind() + " " + change.changeId();
        boolean cancel = change.kind() == ChangeKind.CANCELLED;
        Map<String, String> names = new HashMap<>(Map.of("#status", APPOINTMENT_STATUS,
                "#updated", APPOINTMENT_UPDATED_AT, "#changes", APPOINTMENT_CHANGES, "#appointment", APPOINTMENT_ID,
                "#expires", EXPIRES_AT, "#updatedAt", UPDATED_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":status", s(cancel ? CANCELLED : SCHEDULED),
                ":version", n(version),
                ":entry", AttributeValue.fromL(List.of(s(entry))),
                ":entryValue", s(entry),
                ":none", AttributeValue.fromL(List.of()),
                ":appointment", s(change.appointmentId()),
                ":expires", n(now.plus(settings.retention()).getEpochSecond()),
                ":now", n(now.toEpochMilli())));
        StringBuilder expression = new StringBuilder("SET #status = :status, #updated = :version,"
                + " #appointment = :appointment, #expires = :expires, #updatedAt = :now,"
                + " #changes = list_append(if_not_exists(#changes, :none), :entry)");
        if (change.newStart() != null) {
            names.put("#start", APPOINTMENT_START);
            values.put(":start", n(change.newStart().toInstant().toEpochMilli()));
            expression.append(", #start = :start");
        }
        // The newest change wins; at the same instant a cancellation wins. The same change twice records once.
        String newer = cancel ? "#updated <= :version" : "#updated < :version";
        String condition = "attribute_not_exists(#updated) OR (" + newer + " AND NOT contains(#changes, :entryValue))";
        return dynamoDb.updateItem(r -> r.tableName(settings.table())
                        .key(Map.of(REMINDER_ID, s(LedgerAttributes.APPOINTMENT_KEY_PREFIX + change.appointmentId())))
                        .updateExpression(expression.toString())
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values))
                .handle((written, failure) -> {
                    if (failure == null) {
                        return ChangeResult.RECORDED;
                    }
                    if (AwsErrors.unwrap(failure) instanceof ConditionalCheckFailedException) {
                        return ChangeResult.SUPERSEDED;
                    }
                    throw new CompletionException(AwsErrors.unwrap(failure));
                });
    }

    private static CompletableFuture<GuardResult> answer(GuardResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static Map<String, AttributeValue> claimableValues(Instant now) {
        return Map.of(
                ":claimed", s(LedgerStatus.CLAIMED.name()),
                ":failed", s(LedgerStatus.FAILED.name()),
                ":rejected", s(LedgerStatus.REJECTED.name()),
                ":now", n(now.toEpochMilli()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private LedgerUpdate update(Instant now) {
        return new LedgerUpdate(dynamoDb, settings, now);
    }

    /** What every write after a send attempt carries: the error, the permanent-refusal flag, one more SMS try. */
    private static LedgerUpdate attempt(LedgerUpdate update, Delivery delivery) {
        delivery.errorCode().ifPresent(code -> update.set(ERROR_CODE, s(code)));
        if (delivery.smsPermanentFailure()) {
            update.set(SMS_PERMANENT_FAILURE, AttributeValue.fromBool(true));
        }
        if (delivery.smsAttempted()) {
            update.increment(SMS_ATTEMPTS);
        }
        return update;
    }
}
