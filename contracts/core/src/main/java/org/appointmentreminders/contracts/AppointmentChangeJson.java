package org.appointmentreminders.contracts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Writes the v2 wire form of an {@link AppointmentChange}; what it writes parses back to an equal change. */
public final class AppointmentChangeJson {

    private static final JsonFactory JSON = new JsonFactory();

    private AppointmentChangeJson() {
    }

    public static String toJson(AppointmentChange change) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("schemaVersion", ReminderMessage.SCHEMA_VERSION_2);
            json.writeStringField("kind", change.kind().kind());
            json.writeStringField("changeId", change.changeId());
            json.writeObjectFieldStart("appointment");
            json.writeStringField("id", change.appointmentId());
            json.writeStringField("updatedAt", ReminderJson.timestamp(change.updatedAt()));
            if (change.newStart() != null) {
                json.writeStringField("start", ReminderJson.timestamp(change.newStart()));
                json.writeStringField("timeZone", change.timeZone().getId());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }
}
