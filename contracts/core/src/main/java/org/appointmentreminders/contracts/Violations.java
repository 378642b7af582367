package org.appointmentreminders.contracts;

/** The standard sentences for field violations, shared by the schema mapping and the Java rules. */
final class Violations {

    private Violations() {
    }

    static Violation of(String path, ViolationCode code) {
        String field = field(path);
        String message = switch (code) {
            case CONTROL_CHARACTERS -> field
                    + " contains control characters, bidirectional controls, line separators or U+FFFD";
            case INVALID_REMINDER_ID, INVALID_CHANGE_ID ->
                    field + " must be 1 to 128 characters of letters, digits and . _ : / -";
            case UNKNOWN_KIND -> field + " must be reminder, appointment-cancelled or appointment-rescheduled";
            case INVALID_TIMESTAMP -> field
                    + " must be an ISO-8601 date-time with seconds and a UTC offset, on a real calendar date";
            case OFFSET_MISMATCH -> field + " has a UTC offset that appointment.timeZone does not have at that instant";
            case UNKNOWN_TIME_ZONE -> field + " is not an IANA time zone region id such as America/New_York";
            case INVALID_PHONE -> field + " is not a valid E.164 phone number";
            case UNSUPPORTED_PHONE_TYPE -> field + " is of a type that cannot take a reminder";
            case INVALID_EMAIL -> field + " is not a valid email address";
            default -> field + " does not have the expected format";
        };
        return Violation.of(path, code, message);
    }

    /**
     * A number that is valid but of a type reminders are not texted to. The sentence names the type (never the
     * number), so an integrator knows what to fix.
     */
    static Violation unsupportedPhoneType(String path, String type) {
        return Violation.of(path, ViolationCode.UNSUPPORTED_PHONE_TYPE, field(path) + " is a " + type
                + " number; reminders are not sent to premium-rate, shared-cost, UAN, voicemail or pager numbers");
    }

    /** {@code $.patient.phone} reads as {@code patient.phone} in a sentence. */
    static String field(String path) {
        return path.equals("$") ? "the body" : path.substring(2);
    }
}
