package org.appointmentreminders.worker.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.events.PendingEvent;

/**
 * What the pipeline needs from the outcome ledger: a claim that keeps two workers from sending the same reminder,
 * and a record of how each reminder ended. A call's future fails with the AWS SDK's {@code SdkException} when the
 * ledger cannot be reached; a refused condition is an answer, not a failure.
 */
public interface ReminderLedger {

    /** Takes the reminder for this worker for the claim's lease, unless it ended or another worker holds it. */
    CompletableFuture<ClaimResult> claim(ReminderMessage reminder, String sqsMessageId);

    /**
     * Claims a reminder the ledger has never seen and guards it as {@link #guard} does, in one request: the common
     * case costs one call instead of two. Empty when the reminder is known already or the guard refused (cancelled,
     * moved, capped): then nothing was written, and {@link #claim} and {@link #guard} tell those cases apart.
     */
    CompletableFuture<Optional<FirstClaim>> claimNew(ReminderMessage reminder, String sqsMessageId, boolean text);

    /**
     * Records a message that broke the contract, with violation codes only, never the offending values; under its
     * reminderId when that could be read (else null), and a reminder already recorded otherwise is left as it is.
     */
    CompletableFuture<Void> recordRejected(String reminderId, String sqsMessageId, List<String> violationCodes);

    /**
     * Checks that the claimed reminder's appointment is as the reminder knows it (not cancelled, not moved by a newer
     * change), and when {@code text} reserves a text under the phone's frequency cap (or keeps the one the claim
     * already holds), in one request: two workers never both take the phone's last text.
     */
    CompletableFuture<GuardResult> guard(Claim claim, ReminderMessage reminder, boolean text);

    /** Makes the change the appointment's latest, unless one as new or newer was recorded (newest wins). */
    CompletableFuture<ChangeResult> recordChange(AppointmentChange change);

    /**
     * Records how a claimed reminder ended; false when the claim was lost to another worker meanwhile. A text held
     * under the cap and not sent ({@code unusedText}, else null) is given back, and the EHR's event ({@code tell})
     * written, in the same request.
     */
    CompletableFuture<Boolean> recordFinal(Claim claim, Outcome outcome, Delivery delivery, TextHold unusedText,
                                           Optional<PendingEvent> tell);

    /** Gives the reminder back after a transient failure, with any text it held, so its retry can claim it at once. */
    CompletableFuture<Boolean> release(Claim claim, Delivery delivery, TextHold unusedText);
}
