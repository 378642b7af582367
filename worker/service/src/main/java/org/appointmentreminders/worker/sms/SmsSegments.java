package org.appointmentreminders.worker.sms;

import java.text.Normalizer;

/**
 * How many SMS segments a text takes. GSM-7 text fits 160 septets in one segment and 153 per segment when split;
 * one character outside GSM-7 makes the whole text UCS-2: 70 UTF-16 units, or 67 per segment when split.
 * An extension character or an emoji is never cut between two segments.
 */
public final class SmsSegments {
    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Characters of the GSM-7 extension table: an escape plus the character, two septets each. */
    private static final String GSM7_EXTENSION = "^{}\\[~]|€\f";

    /** Septets per UTF-16 unit, for a lookup per character: 1 in the basic table, 2 in the extension, 0 outside. */
    private static final byte[] SEPTETS = septets();

    private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");

    private SmsSegments() {
    }

    private static byte[] septets() {
        byte[] septets = new byte[Character.MAX_VALUE + 1];
        GSM7_BASIC.chars().forEach(c -> septets[c] = 1);
        GSM7_EXTENSION.chars().forEach(c -> septets[c] = 2);
        return septets;
    }

    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (SEPTETS[text.charAt(i)] == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text in GSM-7 as far as it can be: a character outside it loses its accents (í becomes i, ł stays out), and
     * what still is not GSM-7 is dropped when {@code dropRest}, else kept. One accent outside GSM-7 halves what a
     * segment holds, so a name is worth spelling without it.
     */
    public static String towardsGsm7(String text, boolean dropRest) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            String character = new String(Character.toChars(c));
            if (isGsm7(character)) {
                out.append(character);
                return;
            }
            String bare = MARKS.matcher(Normalizer.normalize(character, Normalizer.Form.NFKD)).replaceAll("");
            if (!bare.isEmpty() && isGsm7(bare)) {
                out.append(bare);
            } else if (!dropRest) {
                out.append(character);
            }
        });
        return out.toString().replaceAll("\\s{2,}", " ").strip();
    }

    public static int count(String text) {
        if (isGsm7(text)) {
            int[] septets = text.chars().map(c -> SEPTETS[c]).toArray();
            return parts(septets, 160, 153);
        }
        int[] units = text.codePoints().map(Character::charCount).toArray();
        return parts(units, 70, 67);
    }

    /**
     * Packs characters of the given sizes into parts. A split text carries a header that leaves {@code perPart} room
     * in each part, and carriers never cut an escape pair or a surrogate pair in two, so a character that does not fit
     * whole starts the next part.
     */
    private static int parts(int[] sizes, int single, int perPart) {
        if (java.util.Arrays.stream(sizes).sum() <= single) {
            return 1;
        }
        int parts = 1;
        int used = 0;
        for (int size : sizes) {
            if (used + size > perPart) {
                parts++;
                used = 0;
            }
            used += size;
        }
        return parts;
    }
}
