package org.appointmentreminders.contracts.ehr;

import static org.appointmentreminders.contracts.Fields.APPOINTMENT_ID;
import static org.appointmentreminders.contracts.Fields.LANGUAGE;
import static org.appointmentreminders.contracts.Fields.REMINDER_ID;
import static org.appointmentreminders.contracts.Fields.SEND_BEFORE;
import static org.appointmentreminders.contracts.Fields.START;
import static org.appointmentreminders.contracts.Fields.TIME_ZONE;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.contracts.ViolationCode;

/**
 * What one EHR message says about an appointment, field by field, each with the place it was read from (an HL7
 * field such as {@code PID-13}, a FHIR path), so that every violation can name that place. Lives for one message.
 */
final class Draft {

    /** What the message asks for. */
    enum Intent {
        REMIND,
        CANCEL,
        /** Moves the appointment, and reminds about it at its new start. */
        RESCHEDULE
    }

    final String source;
    Intent intent;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, String> origins = new HashMap<>();
    private final Map<String, String> hints = new HashMap<>();
    private final Set<String> refused = new HashSet<>();
    private final List<Violation> violations = new ArrayList<>();

    Draft(String source, Intent intent) {
        this.source = source;
        this.intent = intent;
    }

    /** Records where a field was looked for, and what was found there (null for nothing). */
    Draft put(String path, String origin, Object value) {
        origins.put(path, origin);
        if (value instanceof String text && text.isBlank()) {
            value = null;
        }
        if (value == null) {
            values.remove(path);
        } else {
            values.put(path, value);
        }
        return this;
    }

    /** Says why a required field was not found, after the standard sentence; never a value. */
    Draft hint(String path, String hint) {
        hints.put(path, hint);
        return this;
    }

    /**
     * The field was there but cannot be used. The sentence follows the field's name, as in {@code TQ1-7:
     * appointment.start <problem>}; it names the origin, never the value.
     */
    void refuse(String path, String origin, ViolationCode code, String problem) {
        origins.put(path, origin);
        values.remove(path);
        refused.add(path);
        violations.add(Violation.of(origin, code, origin + ": " + path.substring(2) + " " + problem));
    }

    boolean has(String path) {
        return values.containsKey(path);
    }

    String text(String path) {
        return (String) values.get(path);
    }

    OffsetDateTime time(String path) {
        return (OffsetDateTime) values.get(path);
    }

    ZoneId zone() {
        return (ZoneId) values.get(TIME_ZONE);
    }

    Language language() {
        return (Language) values.get(LANGUAGE);
    }

    /** Where a contract field came from, or the contract path itself when the mapping set no origin. */
    String origin(String path) {
        String origin = origins.get(path);
        if (origin != null) {
            return origin;
        }
        // Fields the mapping derives rather than reads are named after what they are derived from.
        return switch (path) {
            case REMINDER_ID -> origins.getOrDefault(APPOINTMENT_ID, path);
            case SEND_BEFORE -> origins.getOrDefault(START, path);
            default -> path;
        };
    }

    List<Violation> violations() {
        return violations;
    }

    /** A missing_field violation for each of these that was neither found nor refused already. */
    List<Violation> missing(List<String> required) {
        List<Violation> missing = new ArrayList<>();
        for (String path : required) {
            if (!values.containsKey(path) && !refused.contains(path)) {
                String origin = origin(path);
                String hint = hints.get(path);
                missing.add(Violation.of(origin, ViolationCode.MISSING_FIELD, origin + ": " + path.substring(2)
                        + " is required" + (hint == null ? "" : " (" + hint + ")")));
            }
        }
        return missing;
    }

    /** True when every one of these fields has a value. */
    boolean complete(List<String> required) {
        return required.stream().allMatch(values::containsKey);
    }
}
