package org.appointmentreminders.contracts;

/** What happened to an appointment, as an {@link AppointmentChange} says it on the wire ({@link #kind()}). */
public enum ChangeKind {
    /** No reminder for the appointment is sent any more. */
    CANCELLED("appointment-cancelled"),
    /** The appointment moved: reminders for another start are not sent. */
    RESCHEDULED("appointment-rescheduled");

    private final String kind;

    ChangeKind(String kind) {
        this.kind = kind;
    }

    /** The wire name in the message's {@code kind}. */
    public String kind() {
        return kind;
    }

    /** The kind for a wire name, or null. */
    public static ChangeKind fromKind(String kind) {
        for (ChangeKind candidate : values()) {
            if (candidate.kind.equals(kind)) {
                return candidate;
            }
        }
        return null;
    }
}
