package org.appointmentreminders.localaws;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Talks to the emulator front's own API: injects faults, counts calls, and reads back what SNS and SES "sent".
 * Only exists with the project's emulators; against LocalStack or AWS there is nothing to talk to.
 */
public final class EmulatorFront implements SentMessages {
    private final JsonHttp api;

    public EmulatorFront(URI base) {
        this.api = new JsonHttp(base, "the emulator front");
    }

    /** Adds a fault rule and returns its id. */
    public String inject(FaultRule rule) {
        JsonNode answer = api.send("POST", "/_front/faults", rule);
        return answer.get("id").asText();
    }

    public void removeFault(String id) {
        api.send("DELETE", "/_front/faults/" + id, null);
    }

    public void clearFaults() {
        api.send("DELETE", "/_front/faults", null);
    }

    /** Per-rule counters: how many calls matched each rule and how many got the fault. */
    public JsonNode faults() {
        return api.get("/_front/faults");
    }

    /** Calls seen per {@code service.Operation}, faulted or not. */
    public Map<String, Long> calls() {
        return JsonHttp.JSON.convertValue(api.get("/_front/calls"), new TypeReference<>() { });
    }

    /** The IAM actions the calls since the last reset needed ({@code dynamodb:Query}, ...), with their counts. */
    public Map<String, Long> actions() {
        return JsonHttp.JSON.convertValue(api.get("/_front/actions"), new TypeReference<>() { });
    }

    /** Forgets the calls and actions counted so far. */
    public void resetCalls() {
        api.send("DELETE", "/_front/calls", null);
    }

    /** Puts a number on SNS's opt-out list, as if its owner had replied STOP. */
    public void optOut(String phoneNumber) {
        api.send("POST", "/_front/opt-outs", Map.of("phoneNumber", phoneNumber));
    }

    @Override
    public List<SentSms> sentSms() {
        return JsonHttp.JSON.convertValue(api.get("/_front/sms"), new TypeReference<>() { });
    }

    /** Templated emails come rendered by moto's template engine. */
    @Override
    public List<SentEmail> sentEmails() {
        return JsonHttp.JSON.convertValue(api.get("/_front/emails"), new TypeReference<>() { });
    }
}
