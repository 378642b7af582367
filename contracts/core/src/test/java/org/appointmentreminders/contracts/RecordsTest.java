package org.appointmentreminders.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {

    static final Appointment APPOINTMENT = new Appointment("appt-8812",
            OffsetDateTime.parse("2026-12-01T09:30:00-05:00"), ZoneId.of("America/New_York"),
            "Cardiology wing, Room 12", "Riverside Clinic", "+12025550123");
    static final Patient PATIENT = new Patient("P-4410", "Marisol", "+14155550123", "marisol@example.org", Language.ES);
    static final ReminderMessage MESSAGE = new ReminderMessage(1, "appt-8812/24h", APPOINTMENT, PATIENT, null);

    @Test
    void toStringNeverPrintsPhi() {
        String printed = MESSAGE + " " + new ParseResult.Valid(MESSAGE);

        assertThat(printed).doesNotContain("Marisol", "4155550123", "marisol@example.org", "example.org",
                "Cardiology", "2025550123");
        assertThat(printed).contains("+1******0123", "P-4410", "appt-8812/24h", "Riverside Clinic");
    }

    @Test
    void patientLanguageDefaultsToEnglish() {
        assertThat(new Patient("P-1", "Sam", "+14155550142", null, null).language()).isEqualTo(Language.EN);
    }

    @Test
    void requiredComponentsAreNotNull() {
        assertThatThrownBy(() -> new Patient("P-1", null, "+14155550142", null, Language.EN))
                .isInstanceOf(NullPointerException.class).hasMessage("givenName");
        assertThatThrownBy(() -> new ReminderMessage(1, "r-1", null, PATIENT, null))
                .isInstanceOf(NullPointerException.class).hasMessage("appointment");
    }

    @Test
    void anInvalidResultAlwaysCarriesAViolation() {
        assertThatThrownBy(() -> new ParseResult.Invalid(List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void violationCodesHaveTheirWireNames() {
        assertThat(ViolationCode.values()).extracting(ViolationCode::code).containsExactly(
                "body_too_large", "invalid_encoding", "malformed_json", "duplicate_key", "too_deep", "not_an_object",
                "unsupported_schema_version", "unknown_kind", "missing_field", "wrong_type", "too_long", "too_short",
                "invalid_format", "control_characters", "invalid_reminder_id", "invalid_change_id", "invalid_timestamp",
                "offset_mismatch", "unknown_time_zone", "invalid_phone", "unsupported_phone_type",
                "invalid_email");
        assertThat(ViolationCode.fromCode("invalid_phone")).contains(ViolationCode.INVALID_PHONE);
        assertThat(ViolationCode.fromCode("INVALID_PHONE")).isEmpty();
    }
}
