package org.appointmentreminders.contracts;

import static org.appointmentreminders.contracts.TestMessages.valid;
import static org.appointmentreminders.contracts.TestMessages.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReminderParserTest {

    private static final ReminderParser PARSER = new ReminderParser();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(8);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void readsEveryFieldOfAValidMessage() {
        ReminderMessage message = parseValid(TestMessages.VALID);

        assertThat(message.schemaVersion()).isEqualTo(1);
        assertThat(message.reminderId()).isEqualTo("appt-8812/24h");
        Appointment appointment = message.appointment();
        assertThat(appointment.id()).isEqualTo("appt-8812");
        assertThat(appointment.start()).isEqualTo(OffsetDateTime.parse("2026-12-01T09:30:00-05:00"));
        assertThat(appointment.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(appointment.location()).isEqualTo("Riverside Clinic, 2nd floor");
        assertThat(appointment.clinicName()).isEqualTo("Riverside Clinic");
        assertThat(appointment.clinicPhone()).isEqualTo("+12025550123");
        Patient patient = message.patient();
        assertThat(patient.id()).isEqualTo("P-4410");
        assertThat(patient.givenName()).isEqualTo("Ana");
        assertThat(patient.phone()).isEqualTo("+14155550123");
        assertThat(patient.email()).isEqualTo("ana@example.org");
        assertThat(patient.language()).isEqualTo(Language.ES);
        assertThat(message.sendBefore()).isEqualTo(OffsetDateTime.parse("2026-12-01T08:30:00-05:00"));
        assertThat(message.deadline()).isEqualTo(message.sendBefore());
    }

    @Test
    void deadlineIsTheStartWhenThereIsNoSendBefore() {
        ReminderMessage message = parseValid(with(valid(), "sendBefore", null).toString());

        assertThat(message.sendBefore()).isNull();
        assertThat(message.deadline()).isEqualTo(message.appointment().start());
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        ObjectNode absent = valid();
        for (String path : List.of("appointment.location", "appointment.clinicPhone", "patient.email",
                "patient.language", "sendBefore")) {
            with(absent, path, null);
        }
        String nulls = TestMessages.VALID
                .replace("\"Riverside Clinic, 2nd floor\"", "null")
                .replace("\"ana@example.org\"", "null");

        ReminderMessage fromAbsent = parseValid(absent.toString());
        ReminderMessage fromNulls = parseValid(nulls);

        assertThat(fromAbsent.appointment().location()).isNull();
        assertThat(fromAbsent.patient().email()).isNull();
        assertThat(fromAbsent.patient().language()).isEqualTo(Language.EN);
        assertThat(fromNulls.appointment().location()).isNull();
        assertThat(fromNulls.patient().email()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"es, ES", "ES, ES", "es-MX, ES", "en, EN", "en-GB, EN", "fr, EN", "'', EN", "zz-123, EN"})
    void unknownLanguagesFallBackToEnglishWithoutAViolation(String tag, Language expected) {
        ReminderMessage message = parseValid(with(valid(), "patient.language", tag).toString());

        assertThat(message.patient().language()).isEqualTo(expected);
    }

    @Test
    void unknownFieldsAreIgnored() {
        ObjectNode message = valid();
        message.put("priority", "high");
        message.putObject("routing").putArray("tags").add("flu").add(3).addNull();
        ((ObjectNode) message.get("patient")).put("preferredChannel", "sms");
        ((ObjectNode) message.get("appointment")).putObject("provider").put("room", "B-12");

        assertThat(parseValid(message.toString())).isEqualTo(parseValid(TestMessages.VALID));
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeParsing() {
        byte[] garbage = new byte[300 * 1024];
        new Random(7).nextBytes(garbage);

        ParseResult.Invalid result = parseInvalid(garbage);

        assertThat(result.violations()).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("$", "body_too_large"));
        assertThat(result.reminderId()).isNull();
        assertThat(parseInvalid(new String(garbage, StandardCharsets.ISO_8859_1)).violations())
                .extracting(Violation::code).containsExactly("body_too_large");
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() {
        ObjectNode message = valid().put("padding", "");
        int size = message.toString().getBytes(StandardCharsets.UTF_8).length;
        // Multi-byte padding proves the limit counts UTF-8 bytes, not characters.
        String twoBytes = "é".repeat((ReminderParser.MAX_BODY_BYTES - size) / 2);
        message.put("padding", twoBytes + "x".repeat((ReminderParser.MAX_BODY_BYTES - size) % 2));
        String atLimit = message.toString();
        assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(ReminderParser.MAX_BODY_BYTES);

        assertThat(PARSER.parse(atLimit)).isInstanceOf(ParseResult.Valid.class);
        assertThat(PARSER.parse(atLimit.getBytes(StandardCharsets.UTF_8))).isInstanceOf(ParseResult.Valid.class);
        assertThat(parseInvalid(message.put("padding", twoBytes + "xé").toString()).violations())
                .extracting(Violation::code).containsExactly("body_too_large");
    }

    @Test
    void aSingleLeadingBomIsStripped() {
        byte[] json = TestMessages.VALID.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(PARSER.parse(withBom)).isEqualTo(PARSER.parse(json));
        assertThat(PARSER.parse("\uFEFF" + TestMessages.VALID)).isEqualTo(PARSER.parse(json));
    }

    @Test
    void aStringWithALoneSurrogateIsAnEncodingError() {
        String body = TestMessages.VALID.replace("\"Ana\"", "\"Ana\uD83D\"");

        assertThat(parseInvalid(body).violations()).extracting(Violation::code).containsExactly("invalid_encoding");
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 100, 100_000})
    void deepNestingIsRefusedWithoutAnException(int depth) {
        String deep = "[".repeat(depth) + "]".repeat(depth);
        String deepInsideMessage = TestMessages.VALID.replaceFirst("\\{", "{\"x\":" + deep + ",");

        assertThat(parseInvalid(deep).violations()).extracting(Violation::code).containsExactly("too_deep");
        assertThat(parseInvalid(deepInsideMessage).violations()).extracting(Violation::code)
                .containsExactly("too_deep");
    }

    @Test
    void nestingUpToTheLimitIsAllowedInUnknownFields() {
        // The message object itself is one level, so 31 more levels reach the limit of 32.
        String nested = "[".repeat(31) + "]".repeat(31);

        assertThat(PARSER.parse(TestMessages.VALID.replaceFirst("\\{", "{\"x\":" + nested + ",")))
                .isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void nullAndEmptyBodiesAreRefused() {
        assertThat(parseInvalid((byte[]) null).violations()).extracting(Violation::code)
                .containsExactly("malformed_json");
        assertThat(parseInvalid((String) null).violations()).extracting(Violation::code)
                .containsExactly("malformed_json");
        assertThat(parseInvalid("   ").violations()).extracting(Violation::code).containsExactly("malformed_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "\"1\"", "\"2\"", "1.5", "1.0", "0", "-1", "null", "true", "99999999999999999999"})
    void onlyTheIntegersOneAndTwoAreSchemaVersionsAndNothingElseIsChecked(String version) {
        // Everything else is broken too, but other versions have other rules: only the version is reported.
        String body = "{\"schemaVersion\":" + version + ",\"reminderId\":\"r-1\",\"patient\":7}";

        ParseResult.Invalid result = parseInvalid(body);

        assertThat(result.violations()).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("$.schemaVersion", "unsupported_schema_version"));
        assertThat(result.reminderId()).isEqualTo("r-1");
    }

    @Test
    void aMessageWithSeveralFlawsReportsThemAllWithPaths() {
        ObjectNode message = valid();
        with(message, "appointment.clinicName", null);
        with(message, "appointment.start", "2027-02-29T10:00:00-05:00");
        with(message, "appointment.timeZone", "UTC+1");
        with(message, "appointment.location", "x".repeat(201));
        with(message, "appointment.clinicPhone", 2025550123L);
        with(message, "patient.givenName", "Ana\u202E");
        with(message, "patient.phone", "+15557654321");
        with(message, "patient.email", "ana@@example.org");
        with(message, "sendBefore", "tomorrow");

        ParseResult.Invalid result = parseInvalid(message.toString());

        assertThat(result.violations()).extracting(Violation::path, Violation::code).containsExactlyInAnyOrder(
                tuple("$.appointment.clinicName", "missing_field"),
                tuple("$.appointment.start", "invalid_timestamp"),
                tuple("$.appointment.timeZone", "unknown_time_zone"),
                tuple("$.appointment.location", "too_long"),
                tuple("$.appointment.clinicPhone", "wrong_type"),
                tuple("$.patient.givenName", "control_characters"),
                tuple("$.patient.phone", "invalid_phone"),
                tuple("$.patient.email", "invalid_email"),
                tuple("$.sendBefore", "invalid_timestamp"));
        assertThat(result.reminderId()).isEqualTo("appt-8812/24h");
    }

    @Test
    void aPremiumRatePatientPhoneIsRefusedWithItsTypeButNotItsNumber() {
        ParseResult.Invalid result = parseInvalid(with(valid(), "patient.phone", "+19005550100").toString());

        assertThat(result.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.path()).isEqualTo("$.patient.phone");
            assertThat(violation.code()).isEqualTo("unsupported_phone_type");
            assertThat(violation.message()).startsWith("patient.phone is a premium-rate number")
                    .doesNotContain("9005550100");
        });
        assertThat(result.reminderId()).isEqualTo("appt-8812/24h");
    }

    @Test
    void theClinicsCallbackNumberIsNotJudgedByType() {
        // Patients call the clinic back; a toll-free or shared-cost callback line is the clinic's choice.
        assertThat(PARSER.parse(with(valid(), "appointment.clinicPhone", "+34901123456").toString()))
                .isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void aFieldRefusedByTheSchemaIsNotReportedAgainByTheJavaRules() {
        ParseResult.Invalid result = parseInvalid(with(valid(), "reminderId", "r#".repeat(70)).toString());

        assertThat(result.violations()).extracting(Violation::path).containsOnly("$.reminderId");
        assertThat(result.violations()).extracting(Violation::code).doesNotHaveDuplicates();
        assertThat(result.reminderId()).isNull();
    }

    @Test
    void aTrailingNewlineDoesNotSlipPastTheSchemaPatterns() {
        // JSON Schema patterns run as java.util.regex here, where $ also matches before a final line break.
        ParseResult.Invalid result = parseInvalid(with(valid(), "reminderId", "appt-8812\n").toString());

        assertThat(result.violations()).extracting(Violation::code).containsExactly("control_characters");
        assertThat(result.reminderId()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "2026-03-08T02:30:00-05:00, America/New_York, offset_mismatch",
        "2026-03-08T03:30:00-05:00, America/New_York, offset_mismatch",
        "2026-03-08T03:30:00-04:00, America/New_York, ",
        "2026-11-01T01:30:00-04:00, America/New_York, ",
        "2026-11-01T01:30:00-05:00, America/New_York, ",
        "2026-07-01T09:00:00+01:00, Europe/London, ",
        "2026-07-01T09:00:00Z, Europe/London, offset_mismatch",
        "2026-07-01T09:00:00Z, Etc/UTC, ",
        "2026-07-01T09:00:00.123456789+05:30, Asia/Kolkata, ",
        "2028-02-29T10:00:00-05:00, America/New_York, ",
        "2027-02-29T10:00:00-05:00, America/New_York, invalid_timestamp",
        "2026-12-01T09:30:00-05:00, Etc/GMT+5, unknown_time_zone",
        "2026-12-01T09:30:00-05:00, america/new_york, unknown_time_zone",
        "2026-12-01T09:30:00-05:00, SystemV/EST5, unknown_time_zone",
    })
    void startMustAgreeWithItsTimeZone(String start, String zone, String expectedCode) {
        ObjectNode message = with(with(valid(), "appointment.start", start), "appointment.timeZone", zone);
        with(message, "sendBefore", null);

        ParseResult result = PARSER.parse(message.toString());

        if (expectedCode == null) {
            assertThat(result).as("%s", result).isInstanceOf(ParseResult.Valid.class);
        } else {
            assertThat(((ParseResult.Invalid) result).violations()).extracting(Violation::code)
                    .containsExactly(expectedCode);
        }
    }

    @Test
    void violationsNeverEchoPhi() {
        String phone = "+19998887777";
        String clinicPhone = "202.555.0123";
        String email = "ana.secret-person@@example.org";
        String name = "Anastasia\u0007Secretname";
        String location = "Oncology wing " + "z".repeat(200);
        ObjectNode message = valid();
        with(message, "patient.phone", phone);
        with(message, "appointment.clinicPhone", clinicPhone);
        with(message, "patient.email", email);
        with(message, "patient.givenName", name);
        with(message, "appointment.location", location);

        ParseResult.Invalid result = parseInvalid(message.toString());

        assertThat(result.violations()).hasSize(5);
        assertNoPhi(result, List.of(phone, clinicPhone, email, name, location, "Anastasia", "Secretname",
                "Oncology", "19998887777", "secret-person"));
    }

    @Test
    void invalidExamplesNeverEchoTheirPhi() {
        Pattern phiField =
                Pattern.compile("\"(givenName|phone|clinicPhone|email|location)\"\\s*:\\s*\"([^\"]{3,})\"");
        int checked = 0;
        for (Path file : Examples.files("invalid")) {
            byte[] body = Examples.read(file);
            List<String> phi = phiField.matcher(new String(body, StandardCharsets.UTF_8)).results()
                    .map(match -> match.group(2))
                    .toList();

            assertNoPhi((ParseResult.Invalid) PARSER.parse(body), phi);
            checked += phi.size();
        }
        assertThat(checked).as("PHI values found in the examples").isGreaterThan(100);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"patient\":{\"phone\":\"+14155550123\",\"phone\":\"+14155550124\"}} | $.patient.phone",
        "{\"patient\":{\"Maria Lopez\":1,\"Maria Lopez\":2}}                       | $.patient",
        "{\"extra\":{\"a\":{\"Maria Lopez\":1,\"Maria Lopez\":2}}}               | $",
        "{\"schemaVersion\":1,\"schemaVersion\":1}                                   | $.schemaVersion",
    })
    void duplicateKeysNameOnlyContractFields(String body, String path) {
        ParseResult.Invalid result = parseInvalid(body);

        assertThat(result.violations()).extracting(Violation::path, Violation::code)
                .containsExactly(tuple(path, "duplicate_key"));
        assertThat(result.violations().get(0).message()).doesNotContain("Maria");
    }

    @Test
    void parsingTheSameBytesAndStringGivesTheSameResult() {
        assertThat(PARSER.parse(TestMessages.VALID))
                .isEqualTo(PARSER.parse(TestMessages.VALID.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneParserServesManyThreads() throws Exception {
        List<Future<ParseResult>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String body = i % 2 == 0
                    ? TestMessages.VALID
                    : with(valid(), "patient.phone", "+15557654321").toString();
            results.add(POOL.submit(() -> PARSER.parse(body)));
        }
        for (int i = 0; i < results.size(); i++) {
            Class<?> expected = i % 2 == 0 ? ParseResult.Valid.class : ParseResult.Invalid.class;
            assertThat(results.get(i).get()).isInstanceOf(expected);
        }
    }

    private static void assertNoPhi(ParseResult.Invalid result, List<String> phi) {
        for (Violation violation : result.violations()) {
            for (String value : phi) {
                assertThat(violation.message()).as("message of %s", violation.path()).doesNotContain(value);
                assertThat(violation.path()).doesNotContain(value);
            }
        }
    }

    private static ReminderMessage parseValid(String body) {
        ParseResult result = PARSER.parse(body);
        assertThat(result).as("%s", result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).message();
    }

    private static ParseResult.Invalid parseInvalid(String body) {
        ParseResult result = PARSER.parse(body);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return (ParseResult.Invalid) result;
    }

    private static ParseResult.Invalid parseInvalid(byte[] body) {
        ParseResult result = PARSER.parse(body);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return (ParseResult.Invalid) result;
    }
}
