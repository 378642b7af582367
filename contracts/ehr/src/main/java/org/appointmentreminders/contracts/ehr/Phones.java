package org.appointmentreminders.contracts.ehr;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Phone numbers as EHRs write them, such as {@code (202)555-0123}, in the contract's E.164 form. */
final class Phones {

    private Phones() {
    }

    /**
     * The number in E.164 when libphonenumber can read it (numbers without a country code are read in the region),
     * else the text unchanged: the contract's parser then refuses it as invalid_phone, naming the field, never the
     * number. Whether the number is valid is left to that parser.
     */
    static String e164(String text, String region) {
        if (text == null || text.isBlank()) {
            return null;
        }
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        try {
            PhoneNumber number = phones.parse(text.strip(), region);
            return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return text.strip();
        }
    }
}
