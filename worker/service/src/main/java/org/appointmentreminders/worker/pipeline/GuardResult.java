package org.appointmentreminders.worker.pipeline;

/** The answer of {@link ReminderLedger#guard}: whether the claimed reminder may go out, and a text's place if so. */
public sealed interface GuardResult {
    /** The appointment is as reminded; {@code heldText} is the text reserved under the cap, or null if none asked. */
    record Clear(TextHold heldText) implements GuardResult {
    }

    /** The appointment was cancelled by a change newer than this reminder. */
    record Cancelled() implements GuardResult {
    }

    /** The appointment moved to another start by a change newer than this reminder. */
    record Moved() implements GuardResult {
    }

    /** The phone has had every text the frequency cap allows; the appointment is as reminded. */
    record Capped() implements GuardResult {
    }
}
