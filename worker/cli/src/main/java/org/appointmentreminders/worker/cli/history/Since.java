package org.appointmentreminders.worker.cli.history;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The start of a history: a date (its midnight UTC), an instant, or a time ago ("30d", "12h", "90m"). */
public final class Since {
    private static final Pattern AGO = Pattern.compile("(\\d+)([dhm])");

    private Since() {
    }

    /** @throws IllegalArgumentException with what is accepted, when the text is none of them */
    public static Instant parse(String text, Instant now) {
        String value = text.trim();
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration back = switch (ago.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
            return now.minus(back);
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notAnInstant) {
                throw new IllegalArgumentException("--since takes a date (2026-11-30), an instant "
                        + "(2026-11-30T08:00:00Z) or a time ago (30d, 12h, 90m), not '" + text + "'");
            }
        }
    }
}
