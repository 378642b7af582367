package org.appointmentreminders.worker.cli.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Finds reminders in the ledger by their key and through its indexes, never with a scan: one GetItem for a reminder,
 * one Query (and its pages) on the patient index or the appointment index for a history. Each read costs in
 * proportion to what it finds, whatever the table's size.
 */
public final class LedgerLookup {
    /** The IAM actions these reads need, on the table and on {@link #INDEXES}: the support role grants them. */
    public static final List<String> ACTIONS = List.of("dynamodb:GetItem", "dynamodb:Query");
    public static final List<String> INDEXES = List.of(LedgerAttributes.PATIENT_INDEX,
            LedgerAttributes.APPOINTMENT_INDEX);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public LedgerLookup(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** The reminder with this id; the ledger's own items (appointments, the cap, the fleet) are not reminders. */
    public Optional<ReminderRecord> reminder(String reminderId) {
        if (reminderId.startsWith("#")) {
            return Optional.empty();
        }
        var item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(LedgerAttributes.REMINDER_ID, AttributeValue.fromS(reminderId)))).item();
        return item == null || item.isEmpty() || !item.containsKey(LedgerAttributes.STATUS)
                ? Optional.empty() : Optional.of(ReminderRecord.of(item));
    }

    /** The patient's reminders first handled at or after {@code since}, oldest first (patient index). */
    public List<ReminderRecord> byPatient(String patientId, Instant since) {
        return query(QueryRequest.builder().tableName(table).indexName(LedgerAttributes.PATIENT_INDEX)
                .keyConditionExpression("#patient = :patient AND #created >= :since")
                .expressionAttributeNames(Map.of("#patient", LedgerAttributes.PATIENT_ID,
                        "#created", LedgerAttributes.CREATED_AT))
                .expressionAttributeValues(Map.of(":patient", AttributeValue.fromS(patientId),
                        ":since", AttributeValue.fromN(Long.toString(since.toEpochMilli()))))
                .build());
    }

    /** The appointment's reminders, oldest first (appointment index). */
    public List<ReminderRecord> byAppointment(String appointmentId) {
        return query(QueryRequest.builder().tableName(table).indexName(LedgerAttributes.APPOINTMENT_INDEX)
                .keyConditionExpression("#appointment = :appointment")
                .expressionAttributeNames(Map.of("#appointment", LedgerAttributes.APPOINTMENT_ID))
                .expressionAttributeValues(Map.of(":appointment", AttributeValue.fromS(appointmentId)))
                .build());
    }

    /** The appointment as its latest change left it, when the EHR sent any change for it. */
    public Optional<AppointmentRecord> appointment(String appointmentId) {
        var item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(LedgerAttributes.REMINDER_ID,
                        AttributeValue.fromS(LedgerAttributes.APPOINTMENT_KEY_PREFIX + appointmentId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AppointmentRecord.of(item));
    }

    private List<ReminderRecord> query(QueryRequest first) {
        List<ReminderRecord> found = new ArrayList<>();
        QueryRequest request = first;
        while (true) {
            var page = dynamoDb.query(request);
            page.items().stream().filter(item -> item.containsKey(LedgerAttributes.STATUS))
                    .map(ReminderRecord::of).forEach(found::add);
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return found;
            }
            request = request.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
        }
    }
}
