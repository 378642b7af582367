package org.appointmentreminders.worker.sms;

/**
 * How many SMS segments a text takes. GSM-7 text fits 160 septets in one segment and 153 per segment when split;
 * one character outside GSM-7 makes the whole text UCS-2: 70 UTF-16 units, or 67 per segment when split.
 */
public final class SmsSegments {
    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Characters of the GSM-7 extension table: an escape plus the character, two septets each. */
    private static final String GSM7_EXTENSION = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    public static boolean isGsm7(String text) {
        return text.chars().allMatch(c -> GSM7_BASIC.indexOf(c) >= 0 || GSM7_EXTENSION.indexOf(c) >= 0);
    }

    public static int count(String text) {
        if (isGsm7(text)) {
            int septets = text.chars().map(c -> GSM7_EXTENSION.indexOf(c) >= 0 ? 2 : 1).sum();
            return septets <= 160 ? 1 : (septets + 152) / 153;
        }
        int units = text.length();
        return units <= 70 ? 1 : (units + 66) / 67;
    }
}
