package org.appointmentreminders.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Applies the Java rules to one schema-checked reminder (v1 or v2) and builds the records. */
final class MessageReader extends FieldReader {

    private final int schemaVersion;

    MessageReader(JsonNode root, List<Violation> schemaViolations, int schemaVersion) {
        super(root, schemaViolations);
        this.schemaVersion = schemaVersion;
    }

    /** The reminderId when present and valid, without judging anything else; usable before schema validation. */
    static String readableReminderId(JsonNode root) {
        JsonNode node = root.at(Fields.pointer(Fields.REMINDER_ID));
        return node.isTextual() && FieldRules.isReminderId(node.textValue()) ? node.textValue() : null;
    }

    @Override
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
        // v1 knows neither: a v1 sender's field of that name is one the contract ignores.
        String clinicId = schemaVersion >= ReminderMessage.SCHEMA_VERSION_2 ? text(Fields.CLINIC_ID) : null;
        OffsetDateTime updatedAt = schemaVersion >= ReminderMessage.SCHEMA_VERSION_2 ? timestamp(Fields.UPDATED_AT) : null;
        String patientId = text(Fields.PATIENT_ID);
        String givenName = text(Fields.GIVEN_NAME);
        String phone = patientPhone();
        String email = check(Fields.EMAIL, ViolationCode.INVALID_EMAIL, FieldRules::isEmail);
        Language language = Language.fromCode(root.at(Fields.pointer(Fields.LANGUAGE)).textValue());
        OffsetDateTime sendBefore = timestamp(Fields.SEND_BEFORE);

        if (!violations.isEmpty()) {
            return new ParseResult.Invalid(violations, reminderId);
        }
        return new ParseResult.Valid(new ReminderMessage(
                schemaVersion,
                reminderId,
                new Appointment(appointmentId, start, zone, location, clinicName, clinicPhone, clinicId, updatedAt),
                new Patient(patientId, givenName, phone, email, language),
                sendBefore));
    }

    /** The patient's number when it is E.164 and of a type that can take a reminder. */
    private String patientPhone() {
        PhoneNumber number = read(Fields.PHONE, ViolationCode.INVALID_PHONE, FieldRules::e164);
        if (number == null) {
            return null;
        }
        String untextable = FieldRules.untextableType(number);
        if (untextable != null) {
            refuse(Violations.unsupportedPhoneType(Fields.PHONE, untextable));
            return null;
        }
        return text(Fields.PHONE);
    }
}
