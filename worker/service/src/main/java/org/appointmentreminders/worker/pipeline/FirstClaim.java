package org.appointmentreminders.worker.pipeline;

/**
 * The answer of {@link ReminderLedger#claimNew} when the reminder was new and may go out: claimed, and guarded as
 * {@link ReminderLedger#guard} would have, in one request.
 *
 * @param heldText the text reserved under the cap, or null when none was asked
 */
public record FirstClaim(Claim claim, TextHold heldText) {
}
