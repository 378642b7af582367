package org.appointmentreminders.contracts;

import java.util.Locale;
import java.util.Optional;

/** Reasons a message is refused; {@link #code()} is the stable wire name carried in {@link Violation#code()}. */
public enum ViolationCode {
    /** The body is over {@link ReminderParser#MAX_BODY_BYTES}; nothing else was looked at. */
    BODY_TOO_LARGE,
    INVALID_ENCODING,
    MALFORMED_JSON,
    DUPLICATE_KEY,
    /** Nesting is deeper than {@link ReminderParser#MAX_NESTING_DEPTH}. */
    TOO_DEEP,
    NOT_AN_OBJECT,
    /**
     * schemaVersion is missing or not an integer this parser knows (1 or 2); nothing else was checked, since other
     * versions have other rules.
     */
    UNSUPPORTED_SCHEMA_VERSION,
    /** A v2 message whose kind is missing or not one this parser knows; nothing else was checked. */
    UNKNOWN_KIND,
    MISSING_FIELD,
    WRONG_TYPE,
    TOO_LONG,
    TOO_SHORT,
    INVALID_FORMAT,
    /** Control characters, bidirectional overrides or isolates, line separators, U+FFFD or lone surrogates. */
    CONTROL_CHARACTERS,
    INVALID_REMINDER_ID,
    INVALID_CHANGE_ID,
    INVALID_TIMESTAMP,
    /** appointment.start's offset is not the offset of appointment.timeZone at that instant. */
    OFFSET_MISMATCH,
    UNKNOWN_TIME_ZONE,
    INVALID_PHONE,
    /**
     * patient.phone is a valid number of a type that cannot take a text or costs the patient money to receive one:
     * premium rate, shared cost, UAN, voicemail access or pager.
     */
    UNSUPPORTED_PHONE_TYPE,
    INVALID_EMAIL;

    /** The snake_case wire name, such as {@code invalid_phone}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ViolationCode> fromCode(String code) {
        for (ViolationCode candidate : values()) {
            if (candidate.code().equals(code)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
