package org.appointmentreminders.worker.ledger;

import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.CREATED_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EXPIRES_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REMINDER_ID;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.UPDATED_AT;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.config.WorkerConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One UpdateItem on a ledger item: SET, ADD, DELETE and REMOVE clauses, the timestamps and expiry every write
 * carries, and its condition. Attribute names are always written through placeholders ({@code #status}), so no name
 * can collide with a DynamoDB reserved word; a condition names attributes the same way ({@link #name}).
 */
final class LedgerUpdate {
    private static final Map<String, String> CONDITION_NAMES = Map.of(
            "#status", LedgerAttributes.STATUS,
            "#lease", LedgerAttributes.LEASE_UNTIL,
            "#token", LedgerAttributes.CLAIM_TOKEN,
            "#id", REMINDER_ID);

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;
    private final StringBuilder set = new StringBuilder();
    private final StringBuilder add = new StringBuilder();
    private final StringBuilder delete = new StringBuilder();
    private final StringBuilder remove = new StringBuilder();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition;

    LedgerUpdate(DynamoDbAsyncClient dynamoDb, WorkerConfig.Ledger settings, Instant now) {
        this.dynamoDb = dynamoDb;
        this.table = settings.table();
        set(UPDATED_AT, n(now.toEpochMilli()));
        set(EXPIRES_AT, n(now.plus(settings.retention()).getEpochSecond()));
        clause(set, "#" + CREATED_AT + " = if_not_exists(#" + CREATED_AT + ", :" + CREATED_AT + ")");
        names.put("#" + CREATED_AT, CREATED_AT);
        values.put(":" + CREATED_AT, n(now.toEpochMilli()));
    }

    LedgerUpdate set(String attribute, AttributeValue value) {
        clause(set, "#" + attribute + " = :" + attribute);
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        return this;
    }

    /** Sets the attribute only where the item has none yet: the first write's value stays. */
    LedgerUpdate setIfAbsent(String attribute, AttributeValue value) {
        clause(set, "#" + attribute + " = if_not_exists(#" + attribute + ", :" + attribute + ")");
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        return this;
    }

    LedgerUpdate increment(String attribute) {
        clause(add, "#" + attribute + " :one");
        names.put("#" + attribute, attribute);
        values.put(":one", n(1));
        return this;
    }

    /** Adds strings to a string set attribute. */
    LedgerUpdate addToSet(String attribute, List<String> members) {
        clause(add, "#" + attribute + " :add_" + attribute);
        names.put("#" + attribute, attribute);
        values.put(":add_" + attribute, AttributeValue.fromSs(members));
        return this;
    }

    /** Removes strings from a string set attribute (the attribute goes when the set is empty). */
    LedgerUpdate deleteFromSet(String attribute, List<String> members) {
        clause(delete, "#" + attribute + " :delete_" + attribute);
        names.put("#" + attribute, attribute);
        values.put(":delete_" + attribute, AttributeValue.fromSs(members));
        return this;
    }

    LedgerUpdate remove(String... attributes) {
        for (String attribute : attributes) {
            clause(remove, "#" + attribute);
            names.put("#" + attribute, attribute);
        }
        return this;
    }

    /** Names an attribute for the condition, as {@code placeholder}. */
    LedgerUpdate name(String placeholder, String attribute) {
        names.put(placeholder, attribute);
        return this;
    }

    /**
     * The write's condition. {@code #status}, {@code #lease}, {@code #token} and {@code #id} are named here; other
     * placeholders with {@link #name}, or by being set in the same write ({@code #attribute}).
     */
    LedgerUpdate condition(String expression, Map<String, AttributeValue> conditionValues) {
        this.condition = expression;
        values.putAll(conditionValues);
        CONDITION_NAMES.forEach((placeholder, attribute) -> {
            if (expression.contains(placeholder)) {
                names.put(placeholder, attribute);
            }
        });
        return this;
    }

    private String expression() {
        StringBuilder expression = new StringBuilder("SET ").append(set);
        if (add.length() > 0) {
            expression.append(" ADD ").append(add);
        }
        if (delete.length() > 0) {
            expression.append(" DELETE ").append(delete);
        }
        if (remove.length() > 0) {
            expression.append(" REMOVE ").append(remove);
        }
        return expression.toString();
    }

    /** The same write as one item of a transaction. */
    Update asTransactionUpdate(String key) {
        return Update.builder().tableName(table)
                .key(Map.of(REMINDER_ID, AttributeValue.fromS(key)))
                .updateExpression(expression())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** Runs the write; a refused condition fails the future with the item as it was (ALL_OLD). */
    CompletableFuture<Map<String, AttributeValue>> run(String key, ReturnValue returnValue) {
        String expression = expression();
        return dynamoDb.updateItem(r -> r.tableName(table)
                .key(Map.of(REMINDER_ID, AttributeValue.fromS(key)))
                .updateExpression(expression)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .returnValues(returnValue)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                .thenApply(response -> response.attributes());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void clause(StringBuilder clauses, String clause) {
        if (clauses.length() > 0) {
            clauses.append(", ");
        }
        clauses.append(clause);
    }
}
