package org.appointmentreminders.contracts;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One appointment reminder, contract v1 or v2 (v2 adds the appointment's version and clinic id). Build it from JSON with {@link ReminderParser}; write it with
 * {@link ReminderJson}. {@code toString()} masks PHI through {@link Appointment} and {@link Patient}.
 *
 * @param reminderId idempotency key: one reminderId sends at most one SMS
 * @param sendBefore nullable; do not send after this instant
 */
public record ReminderMessage(
        int schemaVersion,
        String reminderId,
        Appointment appointment,
        Patient patient,
        OffsetDateTime sendBefore) {

    public static final int SCHEMA_VERSION = 1;
    /** The version that adds kinds of message (reminders and appointment changes) and appointment versions. */
    public static final int SCHEMA_VERSION_2 = 2;

    public ReminderMessage {
        Objects.requireNonNull(reminderId, "reminderId");
        Objects.requireNonNull(appointment, "appointment");
        Objects.requireNonNull(patient, "patient");
    }

    /** A reminder is pointless once the appointment has started, so that is the deadline unless one is given. */
    public OffsetDateTime deadline() {
        return sendBefore != null ? sendBefore : appointment.start();
    }
}
