package org.appointmentreminders.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** One shipped JSON Schema, loaded once, with its findings translated into {@link Violation}s. */
final class ContractSchema {

    static final String REMINDER_V1 = "/schema/appointment-reminder-v1.schema.json";
    static final String REMINDER_V2 = "/schema/appointment-reminder-v2.schema.json";
    static final String CHANGE_V2 = "/schema/appointment-change-v2.schema.json";

    /** Pattern and format failures on these fields get the same specific code as the Java rule for the field. */
    private static final Map<String, ViolationCode> FORMAT_CODES = Map.of(
            Fields.REMINDER_ID, ViolationCode.INVALID_REMINDER_ID,
            Fields.START, ViolationCode.INVALID_TIMESTAMP,
            Fields.SEND_BEFORE, ViolationCode.INVALID_TIMESTAMP,
            Fields.PHONE, ViolationCode.INVALID_PHONE,
            Fields.CLINIC_PHONE, ViolationCode.INVALID_PHONE,
            Fields.EMAIL, ViolationCode.INVALID_EMAIL,
            Fields.UPDATED_AT, ViolationCode.INVALID_TIMESTAMP,
            Fields.CHANGE_ID, ViolationCode.INVALID_CHANGE_ID,
            Fields.KIND, ViolationCode.UNKNOWN_KIND);

    private final JsonSchema schema;
    private final Set<String> fieldPaths;

    ContractSchema(ObjectMapper mapper, String resource) {
        JsonNode schemaNode = load(mapper, resource);
        // Formats are annotations in 2020-12; the Java rules check them strictly, so the schema must not half-check.
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_PATH)
                .formatAssertionsEnabled(false)
                .build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode, config);
        Set<String> paths = new LinkedHashSet<>();
        collectFieldPaths(schemaNode, "$", paths);
        this.fieldPaths = Set.copyOf(paths);
    }

    /** All violations the schema finds, in schema order. */
    List<Violation> validate(JsonNode message) {
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage finding : schema.validate(message)) {
            violations.add(translate(finding));
        }
        return violations;
    }

    /** Every property path the contract declares, such as {@code $.patient.phone}. */
    Set<String> fieldPaths() {
        return fieldPaths;
    }

    // Messages are written here rather than taken from the validator, whose wording may quote the input.
    private static Violation translate(ValidationMessage finding) {
        String path = finding.getInstanceLocation().toString();
        String field = Violations.field(path);
        return switch (finding.getType()) {
            case "required" -> {
                String missing = path + "." + finding.getProperty();
                yield Violation.of(missing, ViolationCode.MISSING_FIELD, Violations.field(missing) + " is required");
            }
            case "type" -> Violation.of(path, ViolationCode.WRONG_TYPE,
                    field + " must be of type " + expectedTypes(finding.getSchemaNode()));
            case "maxLength" -> Violation.of(path, ViolationCode.TOO_LONG,
                    field + " is longer than " + finding.getSchemaNode().asInt() + " characters");
            case "minLength" -> Violation.of(path, ViolationCode.TOO_SHORT, finding.getSchemaNode().asInt() == 1
                    ? field + " must not be empty"
                    : field + " is shorter than " + finding.getSchemaNode().asInt() + " characters");
            default -> Violations.of(path, FORMAT_CODES.getOrDefault(path, ViolationCode.INVALID_FORMAT));
        };
    }

    private static String expectedTypes(JsonNode typeKeyword) {
        if (typeKeyword.isArray()) {
            return StreamSupport.stream(typeKeyword.spliterator(), false)
                    .map(JsonNode::asText)
                    .collect(Collectors.joining(" or "));
        }
        return typeKeyword.asText();
    }

    private static void collectFieldPaths(JsonNode schemaNode, String prefix, Set<String> into) {
        for (Map.Entry<String, JsonNode> property : schemaNode.path("properties").properties()) {
            String path = prefix + "." + property.getKey();
            into.add(path);
            collectFieldPaths(property.getValue(), path, into);
        }
    }

    private static JsonNode load(ObjectMapper mapper, String resource) {
        try (InputStream in = ContractSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the jar: " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
