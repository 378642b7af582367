package org.appointmentreminders.contracts;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The appointment a reminder is about.
 *
 * @param start       local start time with the offset in force at {@code timeZone} at that instant
 * @param location    nullable; shown to the patient
 * @param clinicPhone nullable; E.164 callback number
 * @param clinicId    nullable; the sender's stable id of the clinic (v2)
 * @param updatedAt   nullable (v1); when the EHR last changed the appointment, which orders reminders and changes
 */
public record Appointment(
        String id,
        OffsetDateTime start,
        ZoneId timeZone,
        String location,
        String clinicName,
        String clinicPhone,
        String clinicId,
        OffsetDateTime updatedAt) {

    public Appointment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(clinicName, "clinicName");
    }

    /** An appointment of contract v1: no clinic id, no version. */
    public Appointment(String id, OffsetDateTime start, ZoneId timeZone, String location, String clinicName,
                       String clinicPhone) {
        this(id, start, timeZone, location, clinicName, clinicPhone, null, null);
    }

    /** The location can say enough about a patient's care to be PHI, so it never reaches a log line. */
    @Override
    public String toString() {
        return "Appointment[id=" + id
                + ", start=" + start
                + ", timeZone=" + timeZone
                + ", location=" + (location == null ? null : PhoneMask.HIDDEN)
                + ", clinicName=" + clinicName
                + ", clinicPhone=" + (clinicPhone == null ? null : PhoneMask.mask(clinicPhone))
                + ", clinicId=" + clinicId
                + ", updatedAt=" + updatedAt
                + "]";
    }
}
