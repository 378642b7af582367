package org.appointmentreminders.worker.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.config.WorkerConfig;

/**
 * When a reminder may be texted: within the send window's hours in the appointment's time zone (the clinic's own
 * hours when it has some). Days are calendar days of that zone, so a window keeps its local hours across daylight
 * saving changes; an opening that falls into a skipped hour moves to the first instant after it.
 */
@Singleton
public final class SendWindows {
    private final WorkerConfig.SendWindow.Hours hours;
    private final Map<String, WorkerConfig.SendWindow.Hours> clinicHours;

    @Inject
    public SendWindows(WorkerConfig.SendWindow window) {
        this.hours = window.hours();
        this.clinicHours = Map.copyOf(window.clinicHours());
    }

    /** Empty while texts may go out; otherwise when they may next. */
    public Optional<Instant> nextOpening(ReminderMessage reminder, Instant now) {
        WorkerConfig.SendWindow.Hours open = hoursOf(reminder);
        ZonedDateTime local = now.atZone(reminder.appointment().timeZone());
        if (!local.toLocalTime().isBefore(open.opens()) && local.toLocalTime().isBefore(open.closes())) {
            return Optional.empty();
        }
        ZonedDateTime today = local.with(open.opens());
        ZonedDateTime opening = local.toLocalTime().isBefore(open.opens()) ? today
                : ZonedDateTime.of(local.toLocalDate().plusDays(1), open.opens(), local.getZone());
        return Optional.of(opening.toInstant());
    }

    private WorkerConfig.SendWindow.Hours hoursOf(ReminderMessage reminder) {
        String clinicId = reminder.appointment().clinicId();
        return clinicId == null ? hours : clinicHours.getOrDefault(clinicId, hours);
    }
}
