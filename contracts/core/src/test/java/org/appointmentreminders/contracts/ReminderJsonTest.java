package org.appointmentreminders.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReminderJsonTest {

    private static final ReminderParser PARSER = new ReminderParser();

    static List<Path> validExamples() {
        return Examples.files("valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void everyValidExampleRoundTrips(Path file) {
        ParseResult parsed = PARSER.parse(Examples.read(file));
        String written = parsed instanceof ParseResult.Valid valid ? ReminderJson.toJson(valid.message())
                : AppointmentChangeJson.toJson(((ParseResult.ValidChange) parsed).change());

        assertThat(PARSER.parse(written)).isEqualTo(parsed);
    }

    @Test
    void writesTheWireForm() {
        String json = ReminderJson.toJson(RecordsTest.MESSAGE);

        assertThat(json).isEqualTo("{\"schemaVersion\":1,\"reminderId\":\"appt-8812/24h\","
                + "\"appointment\":{\"id\":\"appt-8812\",\"start\":\"2026-12-01T09:30:00-05:00\","
                + "\"timeZone\":\"America/New_York\",\"location\":\"Cardiology wing, Room 12\","
                + "\"clinicName\":\"Riverside Clinic\",\"clinicPhone\":\"+12025550123\"},"
                + "\"patient\":{\"id\":\"P-4410\",\"givenName\":\"Marisol\",\"phone\":\"+14155550123\","
                + "\"email\":\"marisol@example.org\",\"language\":\"es\"}}");
    }

    @Test
    void keepsSecondsFractionsAndUtc() {
        Appointment appointment = new Appointment("a-1", OffsetDateTime.parse("2026-12-01T14:30Z"), ZoneId.of("UTC"),
                null, "Riverside Clinic", null);
        ReminderMessage message = new ReminderMessage(1, "a-1/1h", appointment, RecordsTest.PATIENT,
                OffsetDateTime.parse("2026-12-01T13:30:00.5Z"));

        String json = ReminderJson.toJson(message);

        assertThat(json).contains("\"start\":\"2026-12-01T14:30:00Z\"", "\"sendBefore\":\"2026-12-01T13:30:00.5Z\"");
        assertThat(json).doesNotContain("location", "clinicPhone");
        assertThat(PARSER.parse(json)).isEqualTo(new ParseResult.Valid(message));
    }
}
