package org.appointmentreminders.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies the Java rules to one schema-checked message and builds the records. Lives for one parse only.
 * A field the schema already refused is not judged again, so each flaw is reported once.
 */
final class MessageReader {

    private final JsonNode root;
    private final List<Violation> violations;
    private final Set<String> refused = new HashSet<>();

    MessageReader(JsonNode root, List<Violation> schemaViolations) {
        this.root = root;
        this.violations = new ArrayList<>(schemaViolations);
        schemaViolations.forEach(v -> refused.add(v.path()));
    }

    /** The reminderId when present and valid, without judging anything else; usable before schema validation. */
    static String readableReminderId(JsonNode root) {
        JsonNode node = root.at(Fields.pointer(Fields.REMINDER_ID));
        return node.isTextual() && FieldRules.isReminderId(node.textValue()) ? node.textValue() : null;
    }

    ParseResult read() {
        String reminderId = check(Fields.REMINDER_ID, ViolationCode.INVALID_REMINDER_ID, FieldRules::isReminderId);
        String appointmentId = text(Fields.APPOINTMENT_ID);
        OffsetDateTime start = timestamp(Fields.START);
        ZoneId zone = zone();
        if (start != null && zone != null && !FieldRules.offsetAgrees(start, zone)) {
            violations.add(Violations.of(Fields.START, ViolationCode.OFFSET_MISMATCH));
        }
        String location = text(Fields.LOCATION);
        String clinicName = text(Fields.CLINIC_NAME);
        String clinicPhone = check(Fields.CLINIC_PHONE, ViolationCode.INVALID_PHONE, FieldRules::isE164);
        String patientId = text(Fields.PATIENT_ID);
        String givenName = text(Fields.GIVEN_NAME);
        String phone = check(Fields.PHONE, ViolationCode.INVALID_PHONE, FieldRules::isE164);
        String email = check(Fields.EMAIL, ViolationCode.INVALID_EMAIL, FieldRules::isEmail);
        Language language = Language.fromCode(root.at(Fields.pointer(Fields.LANGUAGE)).textValue());
        OffsetDateTime sendBefore = timestamp(Fields.SEND_BEFORE);

        if (!violations.isEmpty()) {
            return new ParseResult.Invalid(violations, reminderId);
        }
        return new ParseResult.Valid(new ReminderMessage(
                ReminderMessage.SCHEMA_VERSION,
                reminderId,
                new Appointment(appointmentId, start, zone, location, clinicName, clinicPhone),
                new Patient(patientId, givenName, phone, email, language),
                sendBefore));
    }

    /** The text at {@code path}, or null when absent, null, refused by the schema or carrying forbidden characters. */
    private String text(String path) {
        JsonNode node = root.at(Fields.pointer(path));
        if (!node.isTextual() || refused.contains(path)) {
            return null;
        }
        if (FieldRules.hasForbiddenCharacters(node.textValue())) {
            refuse(path, ViolationCode.CONTROL_CHARACTERS);
            return null;
        }
        return node.textValue();
    }

    private String check(String path, ViolationCode code, Predicate<String> rule) {
        String value = text(path);
        if (value != null && !rule.test(value)) {
            refuse(path, code);
            return null;
        }
        return value;
    }

    private OffsetDateTime timestamp(String path) {
        String value = text(path);
        OffsetDateTime parsed = value == null ? null : FieldRules.timestamp(value);
        if (value != null && parsed == null) {
            refuse(path, ViolationCode.INVALID_TIMESTAMP);
        }
        return parsed;
    }

    private ZoneId zone() {
        String value = text(Fields.TIME_ZONE);
        ZoneId zone = value == null ? null : FieldRules.zone(value);
        if (value != null && zone == null) {
            refuse(Fields.TIME_ZONE, ViolationCode.UNKNOWN_TIME_ZONE);
        }
        return zone;
    }

    private void refuse(String path, ViolationCode code) {
        violations.add(Violations.of(path, code));
        refused.add(path);
    }
}
