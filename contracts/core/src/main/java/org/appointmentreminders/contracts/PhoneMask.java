package org.appointmentreminders.contracts;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Masks phone numbers for logs, ledgers and {@code toString()}: {@code +15557654321} becomes {@code +1******4321}. */
public final class PhoneMask {

    static final String HIDDEN = "***";

    private PhoneMask() {
    }

    /**
     * Keeps the country code and the last four digits of the national number. Short national numbers keep at most
     * half of their digits, so that a masked number never reveals the whole number. Input that cannot be read as a
     * phone number gives {@code "***"} rather than an echo of the input.
     */
    public static String mask(String e164) {
        if (e164 == null || !e164.startsWith("+")) {
            return HIDDEN;
        }
        PhoneNumber number;
        try {
            number = PhoneNumberUtil.getInstance().parse(e164, "ZZ");
        } catch (NumberParseException e) {
            return HIDDEN;
        }
        String national = PhoneNumberUtil.getInstance().getNationalSignificantNumber(number);
        int shown = Math.min(4, national.length() / 2);
        return "+" + number.getCountryCode()
                + "*".repeat(national.length() - shown)
                + national.substring(national.length() - shown);
    }
}
