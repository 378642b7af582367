package org.appointmentreminders.worker.ledger;

import static org.appointmentreminders.worker.ledger.LedgerAttributes.APPOINTMENT_ID;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.ATTEMPTS;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.CHANNEL;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.CLAIM_TOKEN;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.CREATED_AT;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.EMAIL_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.ERROR_CODE;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.EXPIRES_AT;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.LEASE_UNTIL;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.MASKED_PHONE;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.PATIENT_ID;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.REMINDER_ID;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.SMS_ATTEMPTS;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.SMS_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.SMS_PERMANENT_FAILURE;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.SQS_MESSAGE_ID;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.STATUS;
import static org.appointmentreminders.worker.ledger.LedgerAttributes.UPDATED_AT;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.appointmentreminders.contracts.PhoneMask;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.pipeline.Claim;
import org.appointmentreminders.worker.pipeline.ClaimResult;
import org.appointmentreminders.worker.pipeline.Delivery;
import org.appointmentreminders.worker.pipeline.Outcome;
import org.appointmentreminders.worker.pipeline.ReminderLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * One DynamoDB item per reminderId: who holds it, what was sent, and how it ended. Every write is a single
 * conditional UpdateItem, so the clean path costs two calls (claim, then record) and two workers never both send.
 */
@Singleton
public final class OutcomeLedger implements ReminderLedger {
    private static final Logger log = LoggerFactory.getLogger(OutcomeLedger.class);

    /** A reminder may be (re)claimed when it is new, when its holder's lease ran out, or when it ended unsent. */
    private static final String CLAIMABLE = "attribute_not_exists(#id) OR (#status = :claimed AND #lease < :now)"
            + " OR #status = :failed OR #status = :rejected";
    private static final String HELD_BY_ME = "#token = :token";

    private final DynamoDbAsyncClient dynamoDb;
    private final Clock clock;
    private final WorkerConfig.Ledger settings;

    @Inject
    public OutcomeLedger(DynamoDbAsyncClient dynamoDb, Clock clock, WorkerConfig.Ledger settings) {
        this.dynamoDb = dynamoDb;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public CompletableFuture<ClaimResult> claim(ReminderMessage message, String sqsMessageId) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        Update update = new Update(now)
                .set(STATUS, s(LedgerStatus.CLAIMED.name()))
                .set(CLAIM_TOKEN, s(token))
                .set(LEASE_UNTIL, n(now.plus(settings.lease()).toEpochMilli()))
                .set(PATIENT_ID, s(message.patient().id()))
                .set(APPOINTMENT_ID, s(message.appointment().id()))
                .set(MASKED_PHONE, s(PhoneMask.mask(message.patient().phone())))
                .set(SQS_MESSAGE_ID, s(sqsMessageId))
                .increment(ATTEMPTS)
                .condition(CLAIMABLE, claimableValues(now));
        return update.run(message.reminderId(), ReturnValue.ALL_OLD).handle((before, failure) -> {
            if (failure == null) {
                return new ClaimResult.Claimed(new Claim(message.reminderId(), token, permanentlyFailed(before)));
            }
            if (!(AwsErrors.unwrap(failure) instanceof ConditionalCheckFailedException refused)) {
                throw new CompletionException(AwsErrors.unwrap(failure));
            }
            Map<String, AttributeValue> current = refused.item();
            if (current != null && current.containsKey(CLAIM_TOKEN) && token.equals(current.get(CLAIM_TOKEN).s())) {
                // Our own claim: the SDK retried a write that had succeeded, and the retry found it done.
                return new ClaimResult.Claimed(new Claim(message.reminderId(), token, permanentlyFailed(current)));
            }
            LedgerStatus status = current == null || !current.containsKey(STATUS)
                    ? LedgerStatus.CLAIMED : LedgerStatus.valueOf(current.get(STATUS).s());
            if (status.endsReminder()) {
                return new ClaimResult.AlreadyEnded(status.name());
            }
            Instant leaseUntil = current != null && current.containsKey(LEASE_UNTIL)
                    ? Instant.ofEpochMilli(Long.parseLong(current.get(LEASE_UNTIL).n())) : now.plus(settings.lease());
            return new ClaimResult.HeldElsewhere(leaseUntil);
        });
    }

    @Override
    public CompletableFuture<Void> recordRejected(String reminderId, String sqsMessageId,
                                                  List<String> violationCodes) {
        Instant now = clock.instant();
        String key = reminderId != null ? reminderId : LedgerAttributes.UNREADABLE_KEY_PREFIX + sqsMessageId;
        return new Update(now)
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
    public CompletableFuture<Boolean> recordFinal(Claim claim, Outcome outcome, Delivery delivery) {
        Update update = new Update(clock.instant())
                .set(STATUS, s(statusOf(outcome).name()))
                .set(CHANNEL, s(delivery.channel().name()))
                .remove(CLAIM_TOKEN, LEASE_UNTIL)
                .condition(HELD_BY_ME, Map.of(":token", s(claim.token())));
        delivery.smsMessageId().ifPresent(id -> update.set(SMS_MESSAGE_ID, s(id)));
        delivery.emailMessageId().ifPresent(id -> update.set(EMAIL_MESSAGE_ID, s(id)));
        return runHeld(update.attempt(delivery), claim, statusOf(outcome).name());
    }

    @Override
    public CompletableFuture<Boolean> release(Claim claim, Delivery delivery) {
        Update update = new Update(clock.instant())
                .set(LEASE_UNTIL, n(0))
                .condition(HELD_BY_ME, Map.of(":token", s(claim.token())));
        return runHeld(update.attempt(delivery), claim, null);
    }

    /** The ledger's name for how a claimed reminder ended. */
    static LedgerStatus statusOf(Outcome outcome) {
        return switch (outcome) {
            case SMS_SENT -> LedgerStatus.SMS_SENT;
            case EMAIL_SENT -> LedgerStatus.EMAIL_SENT;
            case EXPIRED -> LedgerStatus.EXPIRED;
            case FAILED -> LedgerStatus.FAILED;
            case REJECTED, DUPLICATE, RETRY, DEFERRED ->
                    throw new IllegalArgumentException(outcome + " does not end a claimed reminder");
        };
    }

    private static boolean permanentlyFailed(Map<String, AttributeValue> item) {
        return item.containsKey(SMS_PERMANENT_FAILURE) && item.get(SMS_PERMANENT_FAILURE).bool();
    }

    /**
     * Runs a write conditional on holding the claim. A refusal means the claim was lost, unless the item already
     * holds exactly what this write sets: then the SDK retried a write that had succeeded.
     */
    private CompletableFuture<Boolean> runHeld(Update update, Claim claim, String status) {
        return update.run(claim.reminderId(), ReturnValue.NONE).handle((written, failure) -> {
            if (failure == null) {
                return true;
            }
            if (AwsErrors.unwrap(failure) instanceof ConditionalCheckFailedException refused) {
                Map<String, AttributeValue> current = refused.item();
                boolean alreadyWritten = status != null && current != null && !current.containsKey(CLAIM_TOKEN)
                        && current.containsKey(STATUS) && status.equals(current.get(STATUS).s());
                if (!alreadyWritten) {
                    log.warn("Claim lost before recording: the lease ran out and another worker took the reminder");
                }
                return alreadyWritten;
            }
            throw new CompletionException(AwsErrors.unwrap(failure));
        });
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

    /** Builds one UpdateItem: SET and ADD clauses, the timestamps every write carries, and its condition. */
    private final class Update {
        private final StringBuilder set = new StringBuilder();
        private final StringBuilder add = new StringBuilder();
        private final StringBuilder remove = new StringBuilder();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();
        private String condition;

        Update(Instant now) {
            set(UPDATED_AT, n(now.toEpochMilli()));
            set(EXPIRES_AT, n(now.plus(settings.retention()).getEpochSecond()));
            clause(set, "#" + CREATED_AT + " = if_not_exists(#" + CREATED_AT + ", :" + CREATED_AT + ")");
            names.put("#" + CREATED_AT, CREATED_AT);
            values.put(":" + CREATED_AT, n(now.toEpochMilli()));
            names.put("#id", REMINDER_ID);
        }

        Update set(String attribute, AttributeValue value) {
            clause(set, "#" + attribute + " = :" + attribute);
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, value);
            return this;
        }

        Update increment(String attribute) {
            clause(add, "#" + attribute + " :one");
            names.put("#" + attribute, attribute);
            values.put(":one", n(1));
            return this;
        }

        /** What every write after a send attempt carries: the error, the permanent-refusal flag, one more SMS try. */
        Update attempt(Delivery delivery) {
            delivery.errorCode().ifPresent(code -> set(ERROR_CODE, s(code)));
            if (delivery.smsPermanentFailure()) {
                set(SMS_PERMANENT_FAILURE, AttributeValue.fromBool(true));
            }
            if (delivery.smsAttempted()) {
                increment(SMS_ATTEMPTS);
            }
            return this;
        }

        Update remove(String... attributes) {
            for (String attribute : attributes) {
                clause(remove, "#" + attribute);
                names.put("#" + attribute, attribute);
            }
            return this;
        }

        Update condition(String expression, Map<String, AttributeValue> conditionValues) {
            this.condition = expression;
            values.putAll(conditionValues);
            for (String placeholder : List.of("#status", "#lease", "#token")) {
                if (expression.contains(placeholder)) {
                    names.put(placeholder, switch (placeholder) {
                        case "#status" -> STATUS;
                        case "#lease" -> LEASE_UNTIL;
                        default -> CLAIM_TOKEN;
                    });
                }
            }
            return this;
        }

        CompletableFuture<Map<String, AttributeValue>> run(String reminderId, ReturnValue returnValue) {
            StringBuilder expression = new StringBuilder("SET ").append(set);
            if (add.length() > 0) {
                expression.append(" ADD ").append(add);
            }
            if (remove.length() > 0) {
                expression.append(" REMOVE ").append(remove);
            }
            if (!condition.contains("#id")) {
                names.remove("#id");
            }
            return dynamoDb.updateItem(r -> r.tableName(settings.table())
                    .key(Map.of(REMINDER_ID, s(reminderId)))
                    .updateExpression(expression.toString())
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(returnValue)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                    .thenApply(response -> response.attributes());
        }

        private static void clause(StringBuilder clauses, String clause) {
            if (clauses.length() > 0) {
                clauses.append(", ");
            }
            clauses.append(clause);
        }
    }
}
