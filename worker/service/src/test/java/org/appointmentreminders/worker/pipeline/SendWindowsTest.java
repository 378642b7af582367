package org.appointmentreminders.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.appointmentreminders.contracts.Appointment;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.Patient;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

class SendWindowsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final SendWindows windows = new SendWindows(new WorkerConfig.SendWindow(LocalTime.of(8, 0),
            LocalTime.of(21, 0), "early=06:30-12:00", Duration.ofMinutes(15)));

    private static ReminderMessage reminder(String clinicId) {
        OffsetDateTime start = ZonedDateTime.of(2026, 12, 10, 9, 0, 0, 0, NEW_YORK).toOffsetDateTime();
        return new ReminderMessage(2, "r-1", new Appointment("a-1", start, NEW_YORK, null, "Riverside", null,
                clinicId, start.minusDays(5)), new Patient("p-1", "Ana", "+14155550123", null, Language.EN), null);
    }

    private static Instant at(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, NEW_YORK).toInstant();
    }

    @Test
    void insideTheWindowTextsMayGoOut() {
        assertThat(windows.nextOpening(reminder(null), at(2026, 12, 1, 8, 0))).isEmpty();
        assertThat(windows.nextOpening(reminder(null), at(2026, 12, 1, 20, 59))).isEmpty();
    }

    @Test
    void lateAtNightTheWindowOpensTheNextMorningAndEarlyInTheMorningTheSameDay() {
        assertThat(windows.nextOpening(reminder(null), at(2026, 12, 1, 23, 0))).contains(at(2026, 12, 2, 8, 0));
        assertThat(windows.nextOpening(reminder(null), at(2026, 12, 1, 21, 0))).contains(at(2026, 12, 2, 8, 0));
        assertThat(windows.nextOpening(reminder(null), at(2026, 12, 2, 5, 0))).contains(at(2026, 12, 2, 8, 0));
    }

    @Test
    void aClinicWithItsOwnHoursIsHeldToThemAndOthersToTheDefault() {
        assertThat(windows.nextOpening(reminder("early"), at(2026, 12, 1, 7, 0))).isEmpty();
        assertThat(windows.nextOpening(reminder("early"), at(2026, 12, 1, 13, 0))).contains(at(2026, 12, 2, 6, 30));
        assertThat(windows.nextOpening(reminder("another"), at(2026, 12, 1, 7, 0))).contains(at(2026, 12, 1, 8, 0));
    }

    @Test
    void theWindowKeepsItsLocalHoursAcrossTheSpringForward() {
        // 2027-03-14: New York skips from 02:00 to 03:00; the window still opens at 08:00 local time.
        Instant lateSaturday = at(2027, 3, 13, 22, 0);

        Instant opening = windows.nextOpening(reminder(null), lateSaturday).orElseThrow();

        assertThat(opening.atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
        assertThat(Duration.between(lateSaturday, opening)).isEqualTo(Duration.ofHours(9));
    }
}
