package org.appointmentreminders.worker.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * A queue message SNS delivered: the published message itself (raw message delivery, as Terraform subscribes the
 * queues) or that message wrapped in an SNS notification, which also says when SNS received it.
 */
public final class SnsEnvelope {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param published what was published, as JSON (null for an empty body); {@code at} the notification's time */
    public record Opened(JsonNode published, Optional<String> at) {
    }

    private SnsEnvelope() {
    }

    /** Parses the body and takes the published message out of a notification; fails when either is not JSON. */
    public static Opened open(String body) throws IOException {
        JsonNode node = JSON.readTree(body);
        if (node != null && "Notification".equals(node.path("Type").asText()) && node.has("Message")) {
            return new Opened(JSON.readTree(node.get("Message").asText()),
                    Optional.of(node.path("Timestamp").asText("")).filter(at -> !at.isEmpty()));
        }
        return new Opened(node, Optional.empty());
    }
}
