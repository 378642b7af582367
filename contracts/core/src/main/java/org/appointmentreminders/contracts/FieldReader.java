package org.appointmentreminders.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads one schema-checked message's fields under the Java rules, collecting a violation per flaw. A field the
 * schema already refused is not judged again, so each flaw is reported once. Lives for one parse only.
 */
abstract class FieldReader {

    protected final JsonNode root;
    protected final List<Violation> violations;
    private final Set<String> refused = new HashSet<>();

    FieldReader(JsonNode root, List<Violation> schemaViolations) {
        this.root = root;
        this.violations = new ArrayList<>(schemaViolations);
        schemaViolations.forEach(v -> refused.add(v.path()));
    }

    abstract ParseResult read();

    /** The text at {@code path}, or null when absent, null, refused by the schema or carrying forbidden characters. */
    String text(String path) {
        JsonNode node = root.at(Fields.pointer(path));
        if (!node.isTextual() || refused.contains(path)) {
            return null;
        }
        if (FieldRules.hasForbiddenCharacters(node.textValue())) {
            refuse(path, ViolationCode.CONTROL_CHARACTERS);
            return null;
        }
        return node.textValue();
    }

    String check(String path, ViolationCode code, Predicate<String> rule) {
        String value = text(path);
        if (value != null && !rule.test(value)) {
            refuse(path, code);
            return null;
        }
        return value;
    }

    OffsetDateTime timestamp(String path) {
        String value = text(path);
        OffsetDateTime parsed = value == null ? null : FieldRules.timestamp(value);
        if (value != null && parsed == null) {
            refuse(path, ViolationCode.INVALID_TIMESTAMP);
        }
        return parsed;
    }

    ZoneId zone() {
        String value = text(Fields.TIME_ZONE);
        ZoneId zone = value == null ? null : FieldRules.zone(value);
        if (value != null && zone == null) {
            refuse(Fields.TIME_ZONE, ViolationCode.UNKNOWN_TIME_ZONE);
        }
        return zone;
    }

    void refuse(String path, ViolationCode code) {
        refuse(Violations.of(path, code));
    }

    /** A refusal whose sentence says more than its code's standard one. */
    void refuse(Violation violation) {
        violations.add(violation);
        refused.add(violation.path());
    }
}
