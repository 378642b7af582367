package org.appointmentreminders.localaws;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Talks to the emulator front's own API: injects faults, counts calls, and reads back what SNS and SES "sent".
 * Only exists with the project's emulators; against LocalStack or AWS there is nothing to talk to.
 */
public final class EmulatorFront {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public EmulatorFront(URI base) {
        this.base = base;
    }

    /** Adds a fault rule and returns its id. */
    public String inject(FaultRule rule) {
        JsonNode answer = send("POST", "/_front/faults", rule);
        return answer.get("id").asText();
    }

    public void removeFault(String id) {
        send("DELETE", "/_front/faults/" + id, null);
    }

    public void clearFaults() {
        send("DELETE", "/_front/faults", null);
    }

    /** Per-rule counters: how many calls matched each rule and how many got the fault. */
    public JsonNode faults() {
        return send("GET", "/_front/faults", null);
    }

    /** Calls seen per {@code service.Operation}, faulted or not. */
    public Map<String, Long> calls() {
        return JSON.convertValue(send("GET", "/_front/calls", null), new TypeReference<>() { });
    }

    public void resetCalls() {
        send("DELETE", "/_front/calls", null);
    }

    /** Puts a number on SNS's opt-out list, as if its owner had replied STOP. */
    public void optOut(String phoneNumber) {
        send("POST", "/_front/opt-outs", Map.of("phoneNumber", phoneNumber));
    }

    public List<SentSms> sentSms() {
        return JSON.convertValue(send("GET", "/_front/sms", null), new TypeReference<>() { });
    }

    public List<SentEmail> sentEmails() {
        return JSON.convertValue(send("GET", "/_front/emails", null), new TypeReference<>() { });
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, publisher)
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered HTTP " + response.statusCode()
                        + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator front at " + base + " did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
