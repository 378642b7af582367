package org.appointmentreminders.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A valid v1 message to start from, with helpers to break one field at a time. */
final class TestMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String VALID = """
            {"schemaVersion":1,"reminderId":"appt-8812/24h",
             "appointment":{"id":"appt-8812","start":"2026-12-01T09:30:00-05:00","timeZone":"America/New_York",
                            "location":"Riverside Clinic, 2nd floor","clinicName":"Riverside Clinic",
                            "clinicPhone":"+12025550123"},
             "patient":{"id":"P-4410","givenName":"Ana","phone":"+14155550123","email":"ana@example.org",
                        "language":"es"},
             "sendBefore":"2026-12-01T08:30:00-05:00"}
            """;

    private TestMessages() {
    }

    static ObjectNode valid() {
        try {
            return (ObjectNode) JSON.readTree(VALID);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets {@code path} (like {@code patient.phone}) to a value; a null value removes the field. */
    static ObjectNode with(ObjectNode message, String path, Object value) {
        String[] keys = path.split("\\.");
        ObjectNode parent = message;
        for (int i = 0; i < keys.length - 1; i++) {
            parent = (ObjectNode) parent.get(keys[i]);
        }
        String last = keys[keys.length - 1];
        if (value == null) {
            parent.remove(last);
        } else {
            parent.set(last, JSON.valueToTree(value));
        }
        return message;
    }

    static String json(JsonNode message) {
        return message.toString();
    }
}
