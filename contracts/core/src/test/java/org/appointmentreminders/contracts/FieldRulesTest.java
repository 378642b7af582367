package org.appointmentreminders.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Ana", "José", "ليلى", "Zoë 🌷", "Anne-Marie O'Neil", "王芳", "Ana\u200DMaria"})
    void ordinaryTextIsAllowed(String text) {
        assertThat(FieldRules.hasForbiddenCharacters(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A\u0000", "A\t", "A\n", "A\r", "A\u007F", "A\u0085", "A\u202A", "A\u202E", "A\u2066",
        "A\u2069", "A\u2028", "A\u2029", "A\uFFFD", "A\uD83D", "\uDE00A", "\uDE00\uD83D"})
    void controlsOverridesSeparatorsReplacementAndLoneSurrogatesAreForbidden(String text) {
        assertThat(FieldRules.hasForbiddenCharacters(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana@example.org", "ana.maria+reminders@clinic.example.org", "a@b.co",
        "o'neil@example.org", "x_y@xn--bcher-kva.example"})
    void plausibleEmailsAreAccepted(String email) {
        assertThat(FieldRules.isEmail(email)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ana", "@example.org", "ana@", "ana@example", "ana@@example.org", "a@b@example.org",
        ".ana@example.org", "ana.@example.org", "an..a@example.org", "ana@-example.org", "ana@example-.org",
        "ana@example..org", "ana@.example.org", "ana@example.org.", "ana@192.168.0.1", "ana maria@example.org",
        "\"ana\"@example.org", "ana@[192.168.0.1]", "josé@example.org", "Ana <ana@example.org>"})
    void implausibleEmailsAreRefused(String email) {
        assertThat(FieldRules.isEmail(email)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 255})
    void overlongEmailPartsAreRefused(int length) {
        String local = length == 65 ? "a".repeat(65) : "a";
        String domain = length == 255 ? "d".repeat(63) + "." + "d".repeat(63) + "." + "d".repeat(63) + "."
                + "d".repeat(60) + ".org" : "example.org";

        assertThat(FieldRules.isEmail(local + "@" + domain)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"America/New_York", "Europe/Madrid", "Asia/Kolkata", "UTC", "Etc/UTC", "US/Eastern",
        "America/Argentina/ComodRivadavia"})
    void ianaRegionsAreZones(String zone) {
        assertThat(FieldRules.zone(zone)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+05:00", "-05:00", "Z", "UTC+1", "UTC+01:00", "GMT-5", "Etc/GMT+5", "EST", "PST",
        "SystemV/EST5", "america/new_york", "America/NewYork", " America/New_York", ""})
    void fixedOffsetsAndUnknownNamesAreNotZones(String zone) {
        assertThat(FieldRules.zone(zone)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14155550123", "+12025550123", "+34600123456", "+4915123456789", "+6834002"})
    void validE164Numbers(String phone) {
        assertThat(FieldRules.isE164(phone)).isTrue();
        assertThat(FieldRules.isE164(phone)).as("accepted again, from memory").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"14155550123", "+1 415 555 0123", "+1-415-555-0123", "+1(415)5550123", "+15557654321",
        "+1415555012", "+141555501234", "+0014155550123", "+", "", "tel:+14155550123", "+1415555O123",
        "+١٤١٥٥٥٥٠١٢٣"})
    void otherNumbersAreNotE164(String phone) {
        assertThat(FieldRules.isE164(phone)).isFalse();
        assertThat(FieldRules.isE164(phone)).as("refused again, never remembered").isFalse();
    }

    @Test
    void aStreamOfDistinctNumbersDoesNotGrowTheMemoryOfAcceptedOnes() {
        int accepted = 0;
        for (int i = 0; i < 2 * FieldRules.MAX_REMEMBERED_NUMBERS; i++) {
            String phone = String.format("+1415%07d", 2_000_000 + i);
            if (FieldRules.isE164(phone)) {
                accepted++;
            }
            assertThat(FieldRules.rememberedNumbers()).isLessThanOrEqualTo(FieldRules.MAX_REMEMBERED_NUMBERS);
        }
        assertThat(accepted).as("the numbers are valid, so the memory filled and was emptied")
                .isGreaterThan(FieldRules.MAX_REMEMBERED_NUMBERS);
    }

    @ParameterizedTest
    @CsvSource({
        "+19005550100, premium-rate",
        "+449012345678, premium-rate",
        "+34901123456, shared-cost",
        "+4918012345, shared-cost",
        "+445512345678, UAN",
        "+34511234567, UAN",
        "+49177991234567, voicemail",
        "+3933101234501, voicemail",
        "+447640123456, pager",
        "+4916412345, pager"})
    void numbersThatCannotTakeAReminderNameTheirType(String phone, String type) {
        assertThat(FieldRules.e164(phone)).as("valid E.164, refused for its type only").isNotNull();
        assertThat(FieldRules.untextableType(FieldRules.e164(phone))).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14155550123", "+34600123456", "+4915123456789", "+442071838750", "+18005550100",
        "+13052090123", "+447012345678", "+6834002"})
    void mobileFixedLineTollFreeVoipAndPersonalNumbersCanTakeAReminder(String phone) {
        assertThat(FieldRules.e164(phone)).isNotNull();
        assertThat(FieldRules.untextableType(FieldRules.e164(phone))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T09:30:00-05:00", "2026-12-01T09:30:00Z", "2026-12-01T09:30:00.5+05:30",
        "2028-02-29T00:00:00Z", "2026-12-31T23:59:59.999999999-12:00"})
    void strictTimestamps(String text) {
        assertThat(FieldRules.timestamp(text)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2027-02-29T10:00:00-05:00", "2026-12-01T09:30:00", "2026-12-01T09:30-05:00",
        "2026-12-01 09:30:00-05:00", "2026-12-01t09:30:00z", "2026-12-01T09:30:00-0500", "2026-12-01T09:30:00-05",
        "2026-12-31T23:59:60Z", "2026-13-01T09:30:00Z", "2026-04-31T09:30:00Z", "2026-12-01T24:00:00Z",
        "2026-12-01T09:30:00+24:00", "2026-12-01T09:30:00.1234567890Z", "+2026-12-01T09:30:00Z",
        "2026-12-01T09:30:00-05:00[America/New_York]", "1764599400", "2026-12-01T09:30:00-05:00\n"})
    void looseTimestampsAreRefused(String text) {
        assertThat(FieldRules.timestamp(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"appt-8812/24h", "a", "EPIC:ORG.7:appt_1"})
    void reminderIds(String id) {
        assertThat(FieldRules.isReminderId(id)).isTrue();
        assertThat(FieldRules.isReminderId(id + " ")).isFalse();
        assertThat(FieldRules.isReminderId(id + "é")).isFalse();
    }
}
