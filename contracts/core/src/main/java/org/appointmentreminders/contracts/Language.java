package org.appointmentreminders.contracts;

import java.util.Locale;

/** Language of the reminder template. Anything the worker has no template for falls back to English. */
public enum Language {
    EN("en"),
    ES("es");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** The ISO 639-1 code used on the wire. */
    public String code() {
        return code;
    }

    /**
     * Reads a language tag such as {@code "es"}, {@code "ES"} or {@code "es-MX"} by its primary subtag. Unknown or
     * missing tags give {@link #EN}: a reminder in the wrong language still beats no reminder.
     */
    public static Language fromCode(String tag) {
        if (tag == null) {
            return EN;
        }
        String primary = tag.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            if (language.code.equals(primary)) {
                return language;
            }
        }
        return EN;
    }
}
