package org.appointmentreminders.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The shipped JSON Schema of reminder events, v1: what an EHR integration can validate against. */
public final class ReminderEventSchema {

    public static final String RESOURCE = "/schema/reminder-event-v1.schema.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private ReminderEventSchema() {
    }

    /** What is wrong with {@code json} as a v1 event, one line each; empty when it is a valid event. */
    public static List<String> validate(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            return List.of("not JSON");
        }
        if (node == null) {
            return List.of("empty");
        }
        return SCHEMA.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load() {
        try (InputStream in = ReminderEventSchema.class.getResourceAsStream(RESOURCE)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped schema " + RESOURCE + " cannot be read", e);
        }
    }
}
