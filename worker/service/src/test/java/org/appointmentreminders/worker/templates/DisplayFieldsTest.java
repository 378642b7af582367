package org.appointmentreminders.worker.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.appointmentreminders.contracts.Appointment;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.Patient;
import org.appointmentreminders.contracts.ReminderMessage;
import org.junit.jupiter.api.Test;

class DisplayFieldsTest {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, MMM d", Locale.US);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);
    private static final String CLINIC_PHONE = "+12025550123";

    private static ReminderMessage message(String start, String zone, String patientPhone, String location,
            String clinicPhone) {
        Appointment appointment = new Appointment("appt-8812", OffsetDateTime.parse(start), ZoneId.of(zone),
                location, "Riverside Clinic", clinicPhone);
        Patient patient = new Patient("P-4410", "Ana", patientPhone, "ana@example.org", Language.EN);
        return new ReminderMessage(ReminderMessage.SCHEMA_VERSION, "appt-8812/24h", appointment, patient, null);
    }

    private static ReminderMessage message(String patientPhone, String clinicPhone) {
        return message("2026-12-01T09:30:00-05:00", "America/New_York", patientPhone, "2nd floor", clinicPhone);
    }

    @Test
    void copiesTheNameClinicAndLocation() {
        DisplayFields fields = DisplayFields.of(message("+14155550123", CLINIC_PHONE), DATE, TIME);

        assertThat(fields.givenName()).isEqualTo("Ana");
        assertThat(fields.clinicName()).isEqualTo("Riverside Clinic");
        assertThat(fields.location()).isEqualTo("2nd floor");
        assertThat(fields.date()).isEqualTo("Tue, Dec 1");
        assertThat(fields.time()).isEqualTo("9:30 AM");
    }

    @Test
    void clinicPhoneIsNationalWhenClinicAndPatientShareACountry() {
        DisplayFields fields = DisplayFields.of(message("+14155550123", CLINIC_PHONE), DATE, TIME);

        assertThat(fields.clinicPhone()).isEqualTo("(202) 555-0123");
    }

    @Test
    void clinicPhoneIsInternationalWhenThePatientIsInAnotherCountry() {
        DisplayFields fields = DisplayFields.of(message("+447700900123", CLINIC_PHONE), DATE, TIME);

        assertThat(fields.clinicPhone()).isEqualTo("+1 202-555-0123");
    }

    @Test
    void eachPatientGetsTheClinicPhoneWrittenForTheirOwnCountry() {
        String clinic = "+442071838750";

        assertThat(DisplayFields.of(message("+447700900123", clinic), DATE, TIME).clinicPhone()).isEqualTo("020 7183 8750");
        assertThat(DisplayFields.of(message("+14155550123", clinic), DATE, TIME).clinicPhone())
                .isEqualTo("+44 20 7183 8750");
        assertThat(DisplayFields.of(message("+447700900124", clinic), DATE, TIME).clinicPhone()).isEqualTo("020 7183 8750");
        // +1 and +1242 (the Bahamas) share country code 1; +4 is no country code, so +44 cannot be mistaken for it.
        assertThat(DisplayFields.of(message("+12423570000", CLINIC_PHONE), DATE, TIME).clinicPhone())
                .isEqualTo("(202) 555-0123");
    }

    @Test
    void missingOptionalValuesAreEmptyNotNull() {
        DisplayFields fields = DisplayFields.of(
                message("2026-12-01T09:30:00-05:00", "America/New_York", "+14155550123", null, null), DATE, TIME);
        DisplayFields blankPhone = DisplayFields.of(message("+14155550123", "  "), DATE, TIME);

        assertThat(fields.location()).isEmpty();
        assertThat(fields.clinicPhone()).isEmpty();
        assertThat(blankPhone.clinicPhone()).isEmpty();
    }

    @Test
    void timesHaveOnlyPlainSpaces() {
        DateTimeFormatter narrow = DateTimeFormatter.ofPattern("h:mm'\u202F'a", Locale.US);
        DateTimeFormatter noBreak = DateTimeFormatter.ofPattern("EEE,'\u00A0'MMM'\u00A0'd", Locale.US);

        DisplayFields fields = DisplayFields.of(message("+14155550123", CLINIC_PHONE), noBreak, narrow);

        assertThat(fields.time()).isEqualTo("9:30 AM").doesNotContain("\u202F", "\u00A0");
        assertThat(fields.date()).isEqualTo("Tue, Dec 1").doesNotContain("\u202F", "\u00A0");
    }

    @Test
    void shippedTemplateFormatsGiveOnlyPlainSpaces() {
        ReminderTemplates templates = new ReminderTemplates();
        for (Language language : Language.values()) {
            LanguageTemplate template = templates.forLanguage(language);
            DisplayFields sms = DisplayFields.of(message("+14155550123", CLINIC_PHONE), template.smsDate(),
                    template.smsTime());
            DisplayFields email = DisplayFields.of(message("+14155550123", CLINIC_PHONE), template.emailDate(),
                    template.emailTime());

            for (String value : new String[] {sms.date(), sms.time(), email.date(), email.time()}) {
                assertThat(value).as(language.code()).doesNotContain("\u202F", "\u00A0");
            }
        }
    }

    @Test
    void dateAndTimeAreInTheAppointmentsTimeZoneNotUtc() {
        // 21:30 in New York on December 1 is 02:30 UTC on December 2.
        DisplayFields evening = DisplayFields.of(
                message("2026-12-01T21:30:00-05:00", "America/New_York", "+14155550123", null, CLINIC_PHONE),
                DATE, TIME);
        // 08:00 in Tokyo on December 1 is 23:00 UTC on November 30.
        DisplayFields tokyo = DisplayFields.of(
                message("2026-12-01T08:00:00+09:00", "Asia/Tokyo", "+14155550123", null, CLINIC_PHONE),
                DATE, TIME);
        // Summer time: New York is at -04:00 in July.
        DisplayFields summer = DisplayFields.of(
                message("2026-07-15T14:05:00-04:00", "America/New_York", "+14155550123", null, CLINIC_PHONE),
                DATE, TIME);

        assertThat(evening.date()).isEqualTo("Tue, Dec 1");
        assertThat(evening.time()).isEqualTo("9:30 PM");
        assertThat(tokyo.date()).isEqualTo("Tue, Dec 1");
        assertThat(tokyo.time()).isEqualTo("8:00 AM");
        assertThat(summer.date()).isEqualTo("Wed, Jul 15");
        assertThat(summer.time()).isEqualTo("2:05 PM");
    }

    @Test
    void startWithAnotherOffsetIsShownInTheAppointmentsZone() {
        // The same instant as 09:30 in New York, written in UTC.
        DisplayFields fields = DisplayFields.of(
                message("2026-12-01T14:30:00Z", "America/New_York", "+14155550123", null, CLINIC_PHONE), DATE, TIME);

        assertThat(fields.date()).isEqualTo("Tue, Dec 1");
        assertThat(fields.time()).isEqualTo("9:30 AM");
    }
}
