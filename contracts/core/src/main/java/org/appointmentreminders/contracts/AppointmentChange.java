package org.appointmentreminders.contracts;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The EHR says an appointment was cancelled or moved (contract v2). Changes and reminders of one appointment are
 * ordered by {@code updatedAt}: the latest wins, and at the same instant a cancellation wins.
 *
 * @param changeId  the sender's id of the change, for tracing
 * @param newStart  for {@link ChangeKind#RESCHEDULED}: the start the appointment moved to; else null
 * @param timeZone  for {@link ChangeKind#RESCHEDULED}: the zone of the new start; else null
 */
public record AppointmentChange(
        ChangeKind kind,
        String changeId,
        String appointmentId,
        OffsetDateTime updatedAt,
        OffsetDateTime newStart,
        ZoneId timeZone) {

    public AppointmentChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(changeId, "changeId");
        Objects.requireNonNull(appointmentId, "appointmentId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (kind == ChangeKind.RESCHEDULED && (newStart == null || timeZone == null)) {
            throw new IllegalArgumentException("a reschedule needs the new start and its time zone");
        }
    }
}
