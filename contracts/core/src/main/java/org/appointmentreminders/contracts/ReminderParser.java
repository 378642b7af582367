package org.appointmentreminders.contracts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/**
 * Turns a message body into a {@link ReminderMessage} or the complete list of reasons it is not one. Bad input never
 * escapes as an exception. Thread-safe: build one (it loads the schema) and share it.
 *
 * <p>Checks run in this order, and each of the first stages stops the parse when it fails: body size
 * ({@code body_too_large}), UTF-8 ({@code invalid_encoding}), JSON syntax ({@code malformed_json},
 * {@code duplicate_key}, {@code too_deep}, {@code not_an_object}), schemaVersion
 * ({@code unsupported_schema_version}). After that every violation is collected: the JSON Schema first, then the
 * rules in Java.
 */
public final class ReminderParser {

    /** The SQS message size limit; checked on the raw bytes before anything is decoded. */
    public static final int MAX_BODY_BYTES = 262_144;
    public static final int MAX_NESTING_DEPTH = 32;
    /** Classpath locations of the JSON Schemas inside this jar, for integrators who validate before sending. */
    public static final String SCHEMA_RESOURCE = ContractSchema.REMINDER_V1;
    public static final String REMINDER_V2_SCHEMA_RESOURCE = ContractSchema.REMINDER_V2;
    public static final String CHANGE_V2_SCHEMA_RESOURCE = ContractSchema.CHANGE_V2;
    /** The kind of a v2 reminder; changes use {@link ChangeKind#kind()}. */
    public static final String REMINDER_KIND = "reminder";

    private static final String ROOT = "$";

    private final ObjectMapper mapper;
    private final ContractSchema reminderV1;
    private final ContractSchema reminderV2;
    private final ContractSchema changeV2;
    private final Set<String> fieldPaths;

    public ReminderParser() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.reminderV1 = new ContractSchema(mapper, ContractSchema.REMINDER_V1);
        this.reminderV2 = new ContractSchema(mapper, ContractSchema.REMINDER_V2);
        this.changeV2 = new ContractSchema(mapper, ContractSchema.CHANGE_V2);
        Set<String> paths = new HashSet<>(reminderV1.fieldPaths());
        paths.addAll(reminderV2.fieldPaths());
        paths.addAll(changeV2.fieldPaths());
        this.fieldPaths = Set.copyOf(paths);
    }

    public ParseResult parse(String body) {
        if (body == null) {
            return invalid(ROOT, ViolationCode.MALFORMED_JSON, "the body is empty");
        }
        long size = utf8Length(body);
        if (size > MAX_BODY_BYTES) {
            return tooLarge(size);
        }
        // A String can hold lone surrogates, which have no UTF-8 form; encoding strictly reports them.
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        CoderResult result = encoder.encode(CharBuffer.wrap(body), bytes, true);
        if (result.isError()) {
            return invalid(ROOT, ViolationCode.INVALID_ENCODING, "the body contains a lone UTF-16 surrogate");
        }
        return parse(bytes.array());
    }

    public ParseResult parse(byte[] body) {
        if (body == null || body.length == 0) {
            return invalid(ROOT, ViolationCode.MALFORMED_JSON, "the body is empty");
        }
        if (body.length > MAX_BODY_BYTES) {
            return tooLarge(body.length);
        }
        try {
            int start = hasBom(body) ? 3 : 0;
            CharBuffer text = CharBuffer.allocate(body.length);
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(body, start, body.length - start);
            CoderResult result = decoder.decode(in, text, true);
            if (result.isError()) {
                return invalid(ROOT, ViolationCode.INVALID_ENCODING,
                        "the body is not valid UTF-8 (byte offset " + in.position() + ")");
            }
            return parseJson(text.flip().toString());
        } catch (StackOverflowError e) {
            return invalid(ROOT, ViolationCode.TOO_DEEP, "the body is nested too deeply");
        } catch (RuntimeException e) {
            // Only reachable through a defect; the message stays generic because the cause may quote the input.
            return invalid(ROOT, ViolationCode.MALFORMED_JSON, "the body could not be read as a reminder message");
        }
    }

    private ParseResult parseJson(String text) {
        JsonNode root;
        try (JsonParser parser = mapper.createParser(text)) {
            try {
                root = mapper.readTree(parser);
            } catch (StreamConstraintsException e) {
                return constraintViolation(e);
            } catch (JsonProcessingException e) {
                return syntaxViolation(e, parser);
            }
        } catch (IOException e) {
            return invalid(ROOT, ViolationCode.MALFORMED_JSON, "the body is not valid JSON");
        }
        if (root == null) {
            return invalid(ROOT, ViolationCode.MALFORMED_JSON, "the body is empty");
        }
        if (!root.isObject()) {
            return invalid(ROOT, ViolationCode.NOT_AN_OBJECT, "the body must be a JSON object, found "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        JsonNode version = root.get("schemaVersion");
        int schemaVersion = version != null && version.isInt() ? version.intValue() : -1;
        if (schemaVersion == ReminderMessage.SCHEMA_VERSION) {
            return new MessageReader(root, reminderV1.validate(root), schemaVersion).read();
        }
        if (schemaVersion != ReminderMessage.SCHEMA_VERSION_2) {
            return new ParseResult.Invalid(List.of(Violation.of(Fields.SCHEMA_VERSION,
                    ViolationCode.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion must be the integer 1 or 2")),
                    MessageReader.readableReminderId(root));
        }
        JsonNode kindNode = root.get("kind");
        String kind = kindNode != null && kindNode.isTextual() ? kindNode.textValue() : null;
        if (REMINDER_KIND.equals(kind)) {
            return new MessageReader(root, reminderV2.validate(root), schemaVersion).read();
        }
        ChangeKind change = ChangeKind.fromKind(kind);
        if (change != null) {
            return new ChangeReader(root, changeV2.validate(root), change).read();
        }
        // A kind this parser does not know is refused before anything else is judged: its rules are unknown too.
        String readableId = MessageReader.readableReminderId(root) != null
                ? MessageReader.readableReminderId(root) : ChangeReader.readableChangeId(root);
        return new ParseResult.Invalid(List.of(Violations.of(Fields.KIND, ViolationCode.UNKNOWN_KIND)), readableId);
    }

    private static ParseResult constraintViolation(StreamConstraintsException e) {
        // Jackson reports every stream constraint with this one type; only its wording tells nesting apart.
        if (String.valueOf(e.getMessage()).contains("nesting depth")) {
            return invalid(ROOT, ViolationCode.TOO_DEEP,
                    "the body is nested deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        return invalid(ROOT, ViolationCode.MALFORMED_JSON, "the body exceeds a JSON size limit" + at(e));
    }

    private ParseResult syntaxViolation(JsonProcessingException e, JsonParser parser) {
        // Jackson has no dedicated type for duplicates; its message is the only marker. The message is not reused.
        if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
            return invalid(duplicatePath(parser.getParsingContext()), ViolationCode.DUPLICATE_KEY,
                    "a key appears twice in the same object" + at(e));
        }
        return invalid(ROOT, ViolationCode.MALFORMED_JSON, "the body is not valid JSON" + at(e));
    }

    /**
     * The duplicated key's path when it is a contract field, else the nearest enclosing contract field. Keys the
     * contract does not know are never echoed: a sender may have put anything in them.
     */
    private String duplicatePath(JsonStreamContext context) {
        String known = ROOT;
        StringBuilder path = new StringBuilder(ROOT);
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(0, c);
        }
        for (JsonStreamContext c : chain) {
            if (!c.inObject() || c.getCurrentName() == null) {
                break;
            }
            path.append('.').append(c.getCurrentName());
            if (!fieldPaths.contains(path.toString())) {
                break;
            }
            known = path.toString();
        }
        return known;
    }

    private static String at(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static boolean hasBom(byte[] body) {
        return body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF;
    }

    private static ParseResult tooLarge(long size) {
        return invalid(ROOT, ViolationCode.BODY_TOO_LARGE,
                "the body is " + size + " bytes; the limit is " + MAX_BODY_BYTES + " bytes of UTF-8");
    }

    private static ParseResult invalid(String path, ViolationCode code, String message) {
        return new ParseResult.Invalid(List.of(Violation.of(path, code, message)), null);
    }

    /** UTF-8 size without encoding, so an oversized String is refused before any copy is made. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
