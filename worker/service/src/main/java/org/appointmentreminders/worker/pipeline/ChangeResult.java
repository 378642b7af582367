package org.appointmentreminders.worker.pipeline;

/** The answer of {@link ReminderLedger#recordChange}. */
public enum ChangeResult {
    /** The change is now the appointment's latest. */
    RECORDED,
    /** A change as new or newer was recorded before: this one changes nothing. */
    SUPERSEDED
}
