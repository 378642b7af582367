package org.appointmentreminders.contracts.ehr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link MappingConfig} from JSON, the file an integrator keeps beside the interface engine:
 *
 * <pre>{@code
 * {"timeZone": "America/New_York",
 *  "phoneRegion": "US",
 *  "reminders": [{"before": "72h", "until": "24h"}, {"before": "24h", "until": "2h"}],
 *  "clinics": {"RIVERSIDE": {"name": "Riverside Clinic", "phone": "+12025550100", "timeZone": "America/New_York"}},
 *  "hl7v2": {"appointmentId": "SCH-2", "patientIdentifierType": "MR", "mobile": [{"equipment": "CP"}]},
 *  "fhir": {"appointmentIdentifierSystem": null, "patientIdentifierSystem": null}}
 * }</pre>
 *
 * Only {@code timeZone} is required. An unknown key or a bad value fails at once, with its path: a mapping that
 * silently ignored a misspelt key would text patients on the wrong rules.
 */
public final class MappingConfigJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MappingConfigJson() {
    }

    /** @throws IllegalArgumentException naming the key at fault */
    public static MappingConfig read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException("the mapping is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the mapping must be a JSON object");
        }
        keys(root, "", Set.of("timeZone", "phoneRegion", "reminders", "clinics", "hl7v2", "fhir"));
        MappingConfig config;
        try {
            config = MappingConfig.defaults(zone(required(root, "timeZone"), "timeZone"));
            if (root.has("phoneRegion")) {
                config = config.withPhoneRegion(text(root.get("phoneRegion"), "phoneRegion"));
            }
            if (root.has("reminders")) {
                config = config.withReminders(reminders(root.get("reminders")));
            }
            if (root.has("clinics")) {
                config = config.withClinics(clinics(root.get("clinics")));
            }
            if (root.has("hl7v2")) {
                config = config.withHl7v2(hl7v2(root.get("hl7v2")));
            }
            if (root.has("fhir")) {
                config = config.withFhir(fhir(root.get("fhir")));
            }
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("mapping ") ? e
                    : new IllegalArgumentException("mapping: " + e.getMessage());
        }
        return config;
    }

    private static List<MappingConfig.ReminderTiming> reminders(JsonNode node) {
        if (!node.isArray()) {
            throw bad("reminders", "must be an array such as [{\"before\": \"24h\", \"until\": \"2h\"}]");
        }
        List<MappingConfig.ReminderTiming> timings = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "reminders[" + i + "]";
            JsonNode item = node.get(i);
            keys(item, path + ".", Set.of("before", "until"));
            timings.add(new MappingConfig.ReminderTiming(duration(required(item, "before"), path + ".before"),
                    duration(required(item, "until"), path + ".until")));
        }
        return timings;
    }

    private static Map<String, MappingConfig.Clinic> clinics(JsonNode node) {
        object(node, "clinics");
        Map<String, MappingConfig.Clinic> clinics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String path = "clinics." + entry.getKey();
            JsonNode clinic = entry.getValue();
            keys(clinic, path + ".", Set.of("name", "phone", "timeZone"));
            clinics.put(entry.getKey(), new MappingConfig.Clinic(
                    text(required(clinic, "name"), path + ".name"),
                    optionalText(clinic.get("phone"), path + ".phone"),
                    clinic.hasNonNull("timeZone") ? zone(clinic.get("timeZone"), path + ".timeZone") : null));
        }
        return clinics;
    }

    private static MappingConfig.Hl7v2Options hl7v2(JsonNode node) {
        keys(node, "hl7v2.", Set.of("appointmentId", "patientIdentifierType", "mobile"));
        MappingConfig.Hl7v2Options defaults = MappingConfig.Hl7v2Options.DEFAULT;
        List<MappingConfig.PhoneRule> mobile = defaults.mobile();
        if (node.has("mobile")) {
            JsonNode rules = node.get("mobile");
            if (!rules.isArray()) {
                throw bad("hl7v2.mobile", "must be an array such as [{\"equipment\": \"CP\"}, {\"repetition\": 2}]");
            }
            mobile = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                String path = "hl7v2.mobile[" + i + "]";
                JsonNode rule = rules.get(i);
                keys(rule, path + ".", Set.of("use", "equipment", "repetition"));
                JsonNode repetition = rule.get("repetition");
                if (repetition != null && !repetition.isNull() && !repetition.isInt()) {
                    throw bad(path + ".repetition", "must be a whole number, 1 for the first");
                }
                mobile.add(new MappingConfig.PhoneRule(optionalText(rule.get("use"), path + ".use"),
                        optionalText(rule.get("equipment"), path + ".equipment"),
                        repetition == null || repetition.isNull() ? null : repetition.intValue()));
            }
        }
        return new MappingConfig.Hl7v2Options(
                node.has("appointmentId") ? text(node.get("appointmentId"), "hl7v2.appointmentId")
                        : defaults.appointmentIdField(),
                node.has("patientIdentifierType")
                        ? optionalText(node.get("patientIdentifierType"), "hl7v2.patientIdentifierType")
                        : defaults.patientIdentifierType(),
                mobile);
    }

    private static MappingConfig.FhirOptions fhir(JsonNode node) {
        keys(node, "fhir.", Set.of("appointmentIdentifierSystem", "patientIdentifierSystem"));
        return new MappingConfig.FhirOptions(
                optionalText(node.get("appointmentIdentifierSystem"), "fhir.appointmentIdentifierSystem"),
                optionalText(node.get("patientIdentifierSystem"), "fhir.patientIdentifierSystem"));
    }

    private static void keys(JsonNode node, String prefix, Set<String> known) {
        object(node, prefix.isEmpty() ? "the mapping" : prefix.substring(0, prefix.length() - 1));
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw bad(prefix + name, "is not a mapping key; known here: " + String.join(", ", known.stream()
                        .sorted().toList()));
            }
        }
    }

    private static void object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw bad(path, "must be a JSON object");
        }
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("mapping " + key + " is required");
        }
        return value;
    }

    private static String text(JsonNode node, String path) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw bad(path, "must be a non-empty string");
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode node, String path) {
        return node == null || node.isNull() ? null : text(node, path);
    }

    private static ZoneId zone(JsonNode node, String path) {
        try {
            return ZoneId.of(text(node, path));
        } catch (DateTimeException e) {
            throw bad(path, "must be an IANA time zone region id such as America/New_York");
        }
    }

    private static java.time.Duration duration(JsonNode node, String path) {
        try {
            return MappingConfig.DurationText.parse(text(node, path));
        } catch (IllegalArgumentException e) {
            throw bad(path, "must be a whole number and m, h or d, such as 72h");
        }
    }

    private static IllegalArgumentException bad(String path, String problem) {
        return new IllegalArgumentException("mapping " + path + " " + problem);
    }
}
