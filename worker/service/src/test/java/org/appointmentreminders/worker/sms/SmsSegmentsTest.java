package org.appointmentreminders.worker.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsSegmentsTest {
    /** The GSM 03.38 default alphabet, escape excluded, written out independently of the production table. */
    private static final String GSM7_ALPHABET = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./"
            + "0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static final String EMOJI = "\uD83D\uDE00"; // 😀, one code point, two UTF-16 units

    private static String repeat(String s, int times) {
        return s.repeat(times);
    }

    @Test
    void theWholeDefaultAlphabetAndTheExtensionTableAreGsm7() {
        assertThat(GSM7_ALPHABET).hasSize(127);
        assertThat(SmsSegments.isGsm7(GSM7_ALPHABET)).isTrue();
        assertThat(SmsSegments.isGsm7("^{}\\[~]|€\f")).isTrue();
        assertThat(SmsSegments.isGsm7("")).isTrue();
        assertThat(SmsSegments.isGsm7("Hi Ana, your appointment is on Tue, Dec 1 at 9:30 AM. Reply STOP")).isTrue();
    }

    @Test
    void oneCharacterOutsideGsm7MakesTheTextUcs2() {
        for (String other : new String[] {"á", "í", "ó", "ú", "ê", "`", "\u202F", "\u00A0", "ç", EMOJI, "فاطمة",
                "\u2019", "\u00AD"}) {
            assertThat(SmsSegments.isGsm7("Hello " + other + " there")).as("with %s", other).isFalse();
        }
    }

    @Test
    void gsm7SingleSegmentHolds160Septets() {
        assertThat(SmsSegments.count("")).isEqualTo(1);
        assertThat(SmsSegments.count("a")).isEqualTo(1);
        assertThat(SmsSegments.count(repeat("a", 160))).isEqualTo(1);
        assertThat(SmsSegments.count(repeat("a", 161))).isEqualTo(2);
    }

    @Test
    void gsm7SplitSegmentsHold153SeptetsEach() {
        assertThat(SmsSegments.count(repeat("a", 306))).isEqualTo(2);
        assertThat(SmsSegments.count(repeat("a", 307))).isEqualTo(3);
        assertThat(SmsSegments.count(repeat("a", 459))).isEqualTo(3);
        assertThat(SmsSegments.count(repeat("a", 460))).isEqualTo(4);
    }

    @Test
    void extensionCharactersCountTwoSeptets() {
        assertThat(SmsSegments.count(repeat("€", 80))).isEqualTo(1);
        assertThat(SmsSegments.count(repeat("€", 80) + "a")).isEqualTo(2);
        assertThat(SmsSegments.count(repeat("[", 40) + repeat("]", 40))).isEqualTo(1);
        assertThat(SmsSegments.count(repeat("a", 159) + "[")).isEqualTo(2);
        assertThat(SmsSegments.count(repeat("a", 158) + "]")).isEqualTo(1);
        // An escape pair is never cut between parts: 76 of them fill a 153-septet part, so 152 take two parts.
        assertThat(SmsSegments.count(repeat("€", 152))).isEqualTo(2);
        assertThat(SmsSegments.count(repeat("€", 153))).isEqualTo(3);
        assertThat(SmsSegments.count(repeat("a", 304) + "{")).isEqualTo(2);
        assertThat(SmsSegments.count(repeat("a", 305) + "}")).isEqualTo(3);
    }

    @Test
    void ucs2SingleSegmentHolds70Units() {
        assertThat(SmsSegments.count("á" + repeat("a", 69))).isEqualTo(1);
        assertThat(SmsSegments.count("á" + repeat("a", 70))).isEqualTo(2);
        assertThat(SmsSegments.count(EMOJI + repeat("a", 68))).isEqualTo(1);
        assertThat(SmsSegments.count(EMOJI + repeat("a", 69))).isEqualTo(2);
    }

    @Test
    void ucs2SplitSegmentsHold67UnitsEach() {
        assertThat(SmsSegments.count("á" + repeat("a", 133))).isEqualTo(2);
        assertThat(SmsSegments.count("á" + repeat("a", 134))).isEqualTo(3);
        assertThat(SmsSegments.count(EMOJI + repeat("a", 132))).isEqualTo(2);
        assertThat(SmsSegments.count(EMOJI + repeat("a", 133))).isEqualTo(3);
        assertThat(SmsSegments.count("á" + repeat("a", 200))).isEqualTo(3);
        assertThat(SmsSegments.count("á" + repeat("a", 201))).isEqualTo(4);
    }

    @Test
    void anEmojiCountsTwoUnits() {
        assertThat(SmsSegments.count(repeat(EMOJI, 35))).isEqualTo(1);
        assertThat(SmsSegments.count(repeat(EMOJI, 35) + "a")).isEqualTo(2);
        // A surrogate pair is never cut between parts: 33 emoji fill a 67-unit part, so 66 take two parts.
        assertThat(SmsSegments.count(repeat(EMOJI, 66))).isEqualTo(2);
        assertThat(SmsSegments.count(repeat(EMOJI, 66) + "a")).isEqualTo(2);
        assertThat(SmsSegments.count(repeat(EMOJI, 67))).isEqualTo(3);
    }

    @Test
    void extensionCharactersCountOneUnitInUcs2() {
        // In UCS-2 every BMP character is one unit, escaped or not.
        assertThat(SmsSegments.count("á" + repeat("€", 69))).isEqualTo(1);
        assertThat(SmsSegments.count("á" + repeat("€", 70))).isEqualTo(2);
    }

    @Test
    void towardsGsm7DropsOnlyTheAccentsGsm7LacksAndWhatItCannotShowOnlyWhenAsked() {
        assertThat(SmsSegments.towardsGsm7("María Ramírez", false)).isEqualTo("Maria Ramirez");
        assertThat(SmsSegments.towardsGsm7("José Núñez", false)).as("é and ñ are GSM-7").isEqualTo("José Nuñez");
        assertThat(SmsSegments.towardsGsm7("Łukasz", false)).isEqualTo("Łukasz");
        assertThat(SmsSegments.towardsGsm7("محمد Ali", false)).isEqualTo("محمد Ali");
        assertThat(SmsSegments.towardsGsm7("محمد Ali", true)).isEqualTo("Ali");
        assertThat(SmsSegments.isGsm7(SmsSegments.towardsGsm7("Zoë 李 Dvořák", true))).isTrue();
    }
}
