package org.appointmentreminders.contracts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Writes the wire form of a {@link ReminderMessage} (v1, or v2 with its kind, clinic id and version); what it writes
 * parses back to an equal message.
 */
public final class ReminderJson {

    private static final JsonFactory JSON = new JsonFactory();
    // OffsetDateTime.toString() drops zero seconds ("09:30-05:00"); the contract requires them.
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    private ReminderJson() {
    }

    /** Optional fields that are null are left out. */
    public static String toJson(ReminderMessage message) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("schemaVersion", message.schemaVersion());
            if (message.schemaVersion() >= ReminderMessage.SCHEMA_VERSION_2) {
                json.writeStringField("kind", ReminderParser.REMINDER_KIND);
            }
            json.writeStringField("reminderId", message.reminderId());

            Appointment appointment = message.appointment();
            json.writeObjectFieldStart("appointment");
            json.writeStringField("id", appointment.id());
            json.writeStringField("start", timestamp(appointment.start()));
            json.writeStringField("timeZone", appointment.timeZone().getId());
            writeOptional(json, "location", appointment.location());
            json.writeStringField("clinicName", appointment.clinicName());
            writeOptional(json, "clinicPhone", appointment.clinicPhone());
            writeOptional(json, "clinicId", appointment.clinicId());
            if (appointment.updatedAt() != null) {
                json.writeStringField("updatedAt", timestamp(appointment.updatedAt()));
            }
            json.writeEndObject();

            Patient patient = message.patient();
            json.writeObjectFieldStart("patient");
            json.writeStringField("id", patient.id());
            json.writeStringField("givenName", patient.givenName());
            json.writeStringField("phone", patient.phone());
            writeOptional(json, "email", patient.email());
            json.writeStringField("language", patient.language().code());
            json.writeEndObject();

            if (message.sendBefore() != null) {
                json.writeStringField("sendBefore", timestamp(message.sendBefore()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void writeOptional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    static String timestamp(OffsetDateTime time) {
        return TIMESTAMP.format(time);
    }
}
