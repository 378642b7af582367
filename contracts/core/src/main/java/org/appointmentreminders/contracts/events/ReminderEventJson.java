package org.appointmentreminders.contracts.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The wire form of a {@link ReminderEvent}: {@link #toJson} writes it, {@link #parse} reads it back (for an EHR
 * integration in Java, and for tests), refusing what the schema refuses.
 */
public final class ReminderEventJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReminderEventJson() {
    }

    public static String toJson(ReminderEvent event) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("schemaVersion", ReminderEvent.SCHEMA_VERSION);
            json.writeStringField("eventId", event.eventId());
            json.writeStringField("type", event.type().wireName());
            json.writeStringField("reminderId", event.reminderId());
            json.writeStringField("appointmentId", event.appointmentId());
            json.writeStringField("patientId", event.patientId());
            if (event.clinicId().isPresent()) {
                json.writeStringField("clinicId", event.clinicId().get());
            }
            json.writeStringField("occurredAt", event.occurredAt().toString());
            if (event.channel().isPresent()) {
                json.writeStringField("channel", event.channel().get());
            }
            if (event.reason().isPresent()) {
                json.writeStringField("reason", event.reason().get());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /** Reads an event; throws {@link IllegalArgumentException} saying what is wrong when it breaks the contract. */
    public static ReminderEvent parse(String json) {
        var violations = ReminderEventSchema.validate(json);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("not a reminder event v1: " + String.join("; ", violations));
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            return new ReminderEvent(
                    node.get("eventId").asText(),
                    ReminderEventType.fromWireName(node.get("type").asText()).orElseThrow(),
                    node.get("reminderId").asText(),
                    node.get("appointmentId").asText(),
                    node.get("patientId").asText(),
                    optional(node, "clinicId"),
                    Instant.parse(node.get("occurredAt").asText()),
                    optional(node, "channel"),
                    optional(node, "reason"));
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a reminder event v1: " + e.getMessage(), e);
        }
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
