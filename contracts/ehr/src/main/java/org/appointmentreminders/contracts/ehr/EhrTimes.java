package org.appointmentreminders.contracts.ehr;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times as EHRs write them, read strictly: a time that is not on a real calendar is refused, never guessed. */
final class EhrTimes {

    // HL7 v2 DTM/TS to at least the minute: YYYYMMDDHHMM[SS[.S[S[S[S]]]]][+/-ZZZZ].
    private static final Pattern HL7 = Pattern.compile(
            "(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})?(?:\\.(\\d{1,4}))?(?:([+-])(\\d{2})(\\d{2}))?");

    private EhrTimes() {
    }

    /** An HL7 time: local, with the offset when the sender wrote one. */
    record Hl7Time(LocalDateTime local, ZoneOffset offset) {
    }

    /** Null when the text is not an HL7 time to at least the minute, or names a date or time that does not exist. */
    static Hl7Time hl7(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = HL7.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5),
                    m.group(6) == null ? 0 : num(m, 6), nanos);
            ZoneOffset offset = null;
            if (m.group(8) != null) {
                int sign = m.group(8).equals("-") ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * num(m, 9), sign * num(m, 10));
            }
            return new Hl7Time(local, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * An appointment's local time in its zone, or null when the zone skips that time or has it twice (a daylight
     * saving change): which of the two the patient was told cannot be known, so it is not guessed.
     */
    static OffsetDateTime strict(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null) {
            return null;
        }
        return local.atZone(zone).toOffsetDateTime();
    }

    /** When a message was made: only its order matters, so a time in a daylight saving change takes the earlier offset. */
    static OffsetDateTime lenient(LocalDateTime local, ZoneId zone) {
        return local.atZone(zone).withEarlierOffsetAtOverlap().toOffsetDateTime();
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
