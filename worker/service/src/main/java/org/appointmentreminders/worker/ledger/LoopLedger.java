package org.appointmentreminders.worker.ledger;

import org.appointmentreminders.worker.ledger.layout.PhoneHash;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.APPOINTMENT_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CLINIC_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY_EVENT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.DELIVERY_RANK;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EHR_LEASE_TOKEN;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EHR_LEASE_UNTIL;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EHR_PENDING;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.LANGUAGE;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.PATIENT_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.PHONE_HASH;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REMINDER_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPLY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPLY_ANSWERED_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPLY_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REPLY_IDS;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.SMS_SENT_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.STATUS;
import static org.appointmentreminders.worker.ledger.LedgerUpdate.n;
import static org.appointmentreminders.worker.ledger.LedgerUpdate.s;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.ehr.PendingEvents;
import org.appointmentreminders.worker.ehr.ReminderFacts;
import org.appointmentreminders.worker.ehr.Take;
import org.appointmentreminders.worker.receipts.DeliveryReceipt;
import org.appointmentreminders.worker.receipts.DeliveryRecords;
import org.appointmentreminders.worker.replies.InboundReply;
import org.appointmentreminders.worker.replies.ReplyRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * What happens after a text, in the reminder's own item: the carrier's receipts, the patient's replies, and the
 * events for the EHR written with them (see {@link PendingEvent}). Every write is one conditional UpdateItem, so a
 * receipt or reply applied twice, late or out of order leaves the item as the newest fact left it.
 */
@Singleton
public final class LoopLedger implements DeliveryRecords, ReplyRecords, PendingEvents {
    private static final Logger log = LoggerFactory.getLogger(LoopLedger.class);
    private static final String CLAIMED = LedgerStatus.CLAIMED.name();

    private final DynamoDbAsyncClient dynamoDb;
    private final Clock clock;
    private final WorkerConfig.Ledger settings;

    @Inject
    public LoopLedger(DynamoDbAsyncClient dynamoDb, Clock clock, WorkerConfig.Ledger settings) {
        this.dynamoDb = dynamoDb;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public CompletableFuture<DeliveryRecords.Result> record(DeliveryReceipt receipt, Optional<PendingEvent> tell) {
        LedgerUpdate update = new LedgerUpdate(dynamoDb, settings, clock.instant())
                .set(DELIVERY, s(receipt.state().name()))
                .set(DELIVERY_EVENT, s(receipt.eventType()))
                .set(DELIVERY_AT, n(receipt.at().toEpochMilli()))
                .set(DELIVERY_RANK, n(receipt.rank()))
                .name("#text", SMS_MESSAGE_ID);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":text", s(receipt.smsMessageId()),
                ":rank", n(receipt.rank())));
        String condition = "attribute_exists(#id) AND #text = :text"
                + " AND (attribute_not_exists(#deliveryRank) OR #deliveryRank < :rank)";
        if (tell.isPresent()) {
            // The event goes with a change of state only: a second final "delivered" tells the EHR nothing.
            update.addToSet(EHR_PENDING, List.of(tell.get().encode()));
            condition += " AND (attribute_not_exists(#delivery) OR #delivery <> :state)";
            values.put(":state", s(receipt.state().name()));
        }
        update.condition(condition, values);
        return update.run(receipt.reminderId(), ReturnValue.ALL_NEW).handle((item, failure) -> {
            if (failure == null) {
                return done((DeliveryRecords.Result) new DeliveryRecords.Result.Changed(facts(item)));
            }
            Map<String, AttributeValue> current = refused(failure);
            if (current.isEmpty()) {
                return done((DeliveryRecords.Result) new DeliveryRecords.Result.Unknown());
            }
            if (!receipt.smsMessageId().equals(text(current, SMS_MESSAGE_ID).orElse(null))) {
                boolean beingTexted = CLAIMED.equals(text(current, STATUS).orElse(null))
                        && !current.containsKey(SMS_MESSAGE_ID);
                return done(beingTexted ? new DeliveryRecords.Result.NotYetRecorded()
                        : (DeliveryRecords.Result) new DeliveryRecords.Result.Unknown());
            }
            long known = number(current, DELIVERY_RANK).orElse(-1L);
            if (known >= receipt.rank() || tell.isEmpty()) {
                return done((DeliveryRecords.Result) new DeliveryRecords.Result.Unchanged(facts(current)));
            }
            // Newer, but the same state as the ledger's: record it without telling the EHR again.
            return record(receipt, Optional.empty()).thenApply(result -> result instanceof
                    DeliveryRecords.Result.Changed changed
                    ? (DeliveryRecords.Result) new DeliveryRecords.Result.Unchanged(changed.facts()) : result);
        }).thenCompose(result -> result);
    }

    @Override
    public CompletableFuture<Optional<String>> findReminder(InboundReply reply) {
        CompletableFuture<Optional<String>> byText = reply.previousPublishedMessageId()
                .map(id -> firstReminder(QueryRequest.builder().tableName(settings.table())
                        .indexName(LedgerAttributes.SMS_MESSAGE_INDEX)
                        .keyConditionExpression("#text = :text")
                        .expressionAttributeNames(Map.of("#text", SMS_MESSAGE_ID))
                        .expressionAttributeValues(Map.of(":text", s(id)))
                        .limit(1).build()))
                .orElseGet(() -> done(Optional.empty()));
        return byText.thenCompose(found -> found.isPresent() ? done(found)
                : firstReminder(QueryRequest.builder().tableName(settings.table())
                        .indexName(LedgerAttributes.PHONE_INDEX)
                        .keyConditionExpression("#phone = :phone")
                        .expressionAttributeNames(Map.of("#phone", PHONE_HASH))
                        .expressionAttributeValues(Map.of(":phone", s(PhoneHash.of(reply.fromPhone()))))
                        // Newest text first: a reply without a link answers the latest reminder.
                        .scanIndexForward(false)
                        .limit(1).build()));
    }

    private CompletableFuture<Optional<String>> firstReminder(QueryRequest query) {
        return dynamoDb.query(query).thenApply(response -> response.items().stream()
                .map(item -> item.get(REMINDER_ID).s()).findFirst());
    }

    @Override
    public CompletableFuture<ReplyRecords.Recorded> record(String reminderId, InboundReply reply,
                                                          Optional<PendingEvent> tell) {
        return recordReply(reminderId, reply, tell, true);
    }

    /** {@code asLatest}: also make it the reminder's latest reply, unless a newer one is recorded. */
    private CompletableFuture<ReplyRecords.Recorded> recordReply(String reminderId, InboundReply reply,
                                                                Optional<PendingEvent> tell, boolean asLatest) {
        LedgerUpdate update = new LedgerUpdate(dynamoDb, settings, clock.instant())
                .addToSet(REPLY_IDS, List.of(reply.inboundMessageId()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":inbound", s(reply.inboundMessageId())));
        String condition = "attribute_exists(#id) AND NOT contains(#replyIds, :inbound)";
        if (asLatest) {
            update.set(REPLY, s(reply.intent().name())).set(REPLY_AT, n(reply.at().toEpochMilli()));
            condition += " AND (attribute_not_exists(#replyAt) OR #replyAt <= :replyAt)";
        }
        tell.ifPresent(event -> update.addToSet(EHR_PENDING, List.of(event.encode())));
        update.condition(condition, values);
        return update.run(reminderId, ReturnValue.ALL_NEW).handle((item, failure) -> {
            if (failure == null) {
                return done(new ReplyRecords.Recorded(true, facts(item), language(item)));
            }
            Map<String, AttributeValue> current = refused(failure);
            boolean seen = current.containsKey(REPLY_IDS) && current.get(REPLY_IDS).ss()
                    .contains(reply.inboundMessageId());
            if (!seen && !current.isEmpty() && asLatest) {
                // A newer reply is the latest already: this one is still recorded, and still told.
                return recordReply(reminderId, reply, tell, false);
            }
            if (current.isEmpty()) {
                log.warn("Reply for a reminder no longer in the ledger");
            }
            return done(new ReplyRecords.Recorded(false, facts(current.isEmpty()
                    ? Map.of(REMINDER_ID, s(reminderId)) : current), language(current)));
        }).thenCompose(result -> result);
    }

    @Override
    public CompletableFuture<Boolean> answerOnce(String reminderId) {
        return new LedgerUpdate(dynamoDb, settings, clock.instant())
                .set(REPLY_ANSWERED_AT, n(clock.millis()))
                .condition("attribute_exists(#id) AND attribute_not_exists(#replyAnsweredAt)", Map.of())
                .run(reminderId, ReturnValue.NONE)
                .handle((written, failure) -> {
                    if (failure == null) {
                        return true;
                    }
                    refused(failure);
                    return false;
                });
    }

    @Override
    public CompletableFuture<Take> take(String reminderId, Duration lease) {
        Instant now = clock.instant();
        return new LedgerUpdate(dynamoDb, settings, now)
                .set(EHR_LEASE_UNTIL, n(now.plus(lease).toEpochMilli()))
                .set(EHR_LEASE_TOKEN, s(UUID.randomUUID().toString()))
                .name("#pending", EHR_PENDING)
                .condition("attribute_exists(#id) AND attribute_exists(#pending) AND (attribute_not_exists(#"
                        + EHR_LEASE_UNTIL + ") OR #" + EHR_LEASE_UNTIL + " < :now)",
                        Map.of(":now", n(now.toEpochMilli())))
                .run(reminderId, ReturnValue.ALL_NEW)
                .handle((item, failure) -> {
                    if (failure == null) {
                        return new Take.Taken(facts(item));
                    }
                    Map<String, AttributeValue> current = refused(failure);
                    if (!current.containsKey(EHR_PENDING)) {
                        return new Take.NothingPending();
                    }
                    Instant until = number(current, EHR_LEASE_UNTIL).map(Instant::ofEpochMilli).orElse(now);
                    return new Take.Held(until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO);
                });
    }

    @Override
    public CompletableFuture<Boolean> clear(String reminderId, List<PendingEvent> published) {
        LedgerUpdate update = new LedgerUpdate(dynamoDb, settings, clock.instant())
                .remove(EHR_LEASE_UNTIL, EHR_LEASE_TOKEN);
        if (!published.isEmpty()) {
            update.deleteFromSet(EHR_PENDING, published.stream().map(PendingEvent::encode).toList());
        }
        return update.condition("attribute_exists(#id)", Map.of())
                .run(reminderId, ReturnValue.ALL_NEW)
                .handle((item, failure) -> {
                    if (failure != null) {
                        refused(failure);
                        return false;
                    }
                    return item.containsKey(EHR_PENDING);
                });
    }

    /** The reminder's ids and pending events, as the item holds them. */
    static ReminderFacts facts(Map<String, AttributeValue> item) {
        List<PendingEvent> pending = new ArrayList<>();
        if (item.containsKey(EHR_PENDING)) {
            for (String encoded : item.get(EHR_PENDING).ss()) {
                try {
                    pending.add(PendingEvent.decode(encoded));
                } catch (IllegalArgumentException e) {
                    log.warn("Pending event the worker cannot read is left in the ledger: {}", e.getMessage());
                }
            }
        }
        return new ReminderFacts(item.get(REMINDER_ID).s(), text(item, APPOINTMENT_ID).orElse(""),
                text(item, PATIENT_ID).orElse(""), text(item, CLINIC_ID), List.copyOf(pending));
    }

    private static Language language(Map<String, AttributeValue> item) {
        return Language.fromCode(text(item, LANGUAGE).orElse("en"));
    }

    /** The item a refused condition showed (empty when there is none); any other failure is rethrown. */
    private static Map<String, AttributeValue> refused(Throwable failure) {
        if (AwsErrors.unwrap(failure) instanceof ConditionalCheckFailedException refused) {
            return refused.item() == null ? Map.of() : refused.item();
        }
        throw new CompletionException(AwsErrors.unwrap(failure));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }

    private static Optional<Long> number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null || value.n() == null ? Optional.empty() : Optional.of(Long.parseLong(value.n()));
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
