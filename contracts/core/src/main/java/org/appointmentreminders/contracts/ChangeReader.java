package org.appointmentreminders.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** Applies the Java rules to one schema-checked appointment change and builds the record. */
final class ChangeReader extends FieldReader {

    private final ChangeKind kind;

    ChangeReader(JsonNode root, List<Violation> schemaViolations, ChangeKind kind) {
        super(root, schemaViolations);
        this.kind = kind;
    }

    /** The changeId when present and valid, without judging anything else. */
    static String readableChangeId(JsonNode root) {
        JsonNode node = root.at(Fields.pointer(Fields.CHANGE_ID));
        return node.isTextual() && FieldRules.isReminderId(node.textValue()) ? node.textValue() : null;
    }

    @Override
    ParseResult read() {
        String changeId = check(Fields.CHANGE_ID, ViolationCode.INVALID_CHANGE_ID, FieldRules::isReminderId);
        String appointmentId = text(Fields.APPOINTMENT_ID);
        OffsetDateTime updatedAt = timestamp(Fields.UPDATED_AT);
        OffsetDateTime start = null;
        ZoneId zone = null;
        if (kind == ChangeKind.RESCHEDULED) {
            start = timestamp(Fields.START);
            zone = zone();
            if (start != null && zone != null && !FieldRules.offsetAgrees(start, zone)) {
                violations.add(Violations.of(Fields.START, ViolationCode.OFFSET_MISMATCH));
            }
        }
        if (!violations.isEmpty()) {
            return new ParseResult.Invalid(violations, changeId);
        }
        return new ParseResult.ValidChange(new AppointmentChange(kind, changeId, appointmentId, updatedAt, start,
                zone));
    }
}
