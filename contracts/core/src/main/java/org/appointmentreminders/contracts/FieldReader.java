package org.appointmentreminders.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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
        return read(path, code, value -> rule.test(value) ? value : null);
    }

    /** The text at {@code path} read by {@code reader}, which returns null to refuse it with {@code code}. */
    <T> T read(String path, ViolationCode code, Function<String, T> reader) {
        String value = text(path);
        T read = value == null ? null : reader.apply(value);
        if (value != null && read == null) {
            refuse(path, code);
        }
        return read;
    }

    OffsetDateTime timestamp(String path) {
        return read(path, ViolationCode.INVALID_TIMESTAMP, FieldRules::timestamp);
    }

    ZoneId zone() {
        return read(Fields.TIME_ZONE, ViolationCode.UNKNOWN_TIME_ZONE, FieldRules::zone);
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
