package org.appointmentreminders.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneMaskTest {

    @ParameterizedTest
    @CsvSource({
        "+14155550123, +1******0123",
        "+15557654321, +1******4321",
        "+34600123456, +34*****3456",
        "+447700900123, +44******0123",
        "+4915123456789, +49*******6789",
        "+966501234567, +966*****4567",
        // Short national numbers keep at most half their digits.
        "+6834002, +683**02",
    })
    void keepsCountryCodeAndLastDigits(String e164, String masked) {
        assertThat(PhoneMask.mask(e164)).isEqualTo(masked);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"4155550123", "(415) 555-0123", "+", "+abc", "ana@example.org"})
    void neverEchoesInputItCannotRead(String input) {
        assertThat(PhoneMask.mask(input)).isEqualTo("***");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 0123", "+1-415-555-0123"})
    void formattedNumbersAreMaskedWithoutTheirFormatting(String formatted) {
        assertThat(PhoneMask.mask(formatted)).isEqualTo("+1******0123");
    }
}
