package org.appointmentreminders.localaws;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talks to the emulator front's own API: injects faults, counts calls, reads back what SNS, End User Messaging SMS and
 * SES "sent", plays the carrier (what becomes of each End User Messaging text) and the patient (replies). Only exists
 * with the project's emulators; against LocalStack or AWS there is nothing to talk to.
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

    /** Calls seen per {@code service.Operation} (End User Messaging SMS is {@code sms-voice}), faulted or not. */
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

    /**
     * Puts a number on SNS's opt-out list and on End User Messaging SMS's Default opt-out list (every number the
     * front leases uses it), as if its owner had replied STOP to both.
     */
    public void optOut(String phoneNumber) {
        api.send("POST", "/_front/opt-outs", Map.of("phoneNumber", phoneNumber));
    }

    /** Texts of both channels: SNS's first, then End User Messaging's, each in the order sent. */
    @Override
    public List<SentSms> sentSms() {
        return JsonHttp.JSON.convertValue(api.get("/_front/sms"), new TypeReference<>() { });
    }

    /**
     * The End User Messaging SMS texts ({@code SendTextMessage} calls the front accepted), in the order sent, each with
     * its Context, origination identity, configuration set, TimeToLive and MaxPrice as sent.
     */
    public List<SentSms> sentTexts() {
        return sentSms().stream().filter(SentSms::viaEndUserMessaging).toList();
    }

    /** Templated emails come rendered by moto's template engine. */
    @Override
    public List<SentEmail> sentEmails() {
        return JsonHttp.JSON.convertValue(api.get("/_front/emails"), new TypeReference<>() { });
    }

    /** What the carrier does with End User Messaging texts to this phone from now on. */
    public void setSmsOutcome(String phoneNumber, SmsOutcome outcome) {
        Map<String, Object> rule = new LinkedHashMap<>(JsonHttp.JSON.convertValue(outcome, new TypeReference<>() { }));
        rule.put("phoneNumber", phoneNumber);
        api.send("POST", "/_front/sms-voice/outcomes", rule);
    }

    /** What the carrier does with texts to phones without an outcome of their own (and outside the mix). */
    public void setDefaultSmsOutcome(SmsOutcome outcome) {
        api.send("POST", "/_front/sms-voice/outcomes", outcome);
    }

    /**
     * Outcomes drawn at random per text, by share, for phones without an outcome of their own; the rest of the texts
     * get the default. E.g. {@code setSmsOutcomeMix(delivered().duplicated().share(0.1),
     * delivered().outOfOrder().share(0.1))}. Replaces the mix before; no shares: no mix.
     */
    public void setSmsOutcomeMix(SmsOutcome.Share... shares) {
        List<Map<String, Object>> mix = Arrays.stream(shares).map(share -> {
            Map<String, Object> entry = new LinkedHashMap<>(
                    JsonHttp.JSON.convertValue(share.outcome(), new TypeReference<Map<String, Object>>() { }));
            entry.put("share", share.share());
            return entry;
        }).toList();
        api.send("POST", "/_front/sms-voice/outcomes", Map.of("mix", mix));
    }

    /** Back to every text delivered: no outcomes per phone, no mix. */
    public void clearSmsOutcomes() {
        api.send("DELETE", "/_front/sms-voice/outcomes", null);
    }

    /** The outcomes set: {"default": ..., "byPhone": {...}, "mix": [...]}. */
    public JsonNode smsOutcomes() {
        return api.get("/_front/sms-voice/outcomes");
    }

    /**
     * Sends a patient's text to an origination number; it is on the number's two-way SNS topic (and so in the queues
     * subscribed to it) when this returns. Fails when the number is not two-way enabled.
     */
    public InboundSms replyAsPatient(PatientReply reply) {
        return JsonHttp.JSON.convertValue(api.send("POST", "/_front/sms-voice/replies", reply), InboundSms.class);
    }

    /** A reply from {@code phone} to the number that last texted it, linked to that text. */
    public InboundSms replyAsPatient(String phone, String body) {
        return replyAsPatient(PatientReply.from(phone, body));
    }

    /** The SMS events published so far, in the order published. */
    public List<SmsEvent> smsEvents() {
        return JsonHttp.JSON.convertValue(api.get("/_front/sms-voice/events").path("published"),
                new TypeReference<>() { });
    }

    /** SMS events due but not yet published (a delayed outcome's final event, say). */
    public int smsEventsScheduled() {
        return api.get("/_front/sms-voice/events").path("scheduled").asInt();
    }
}
