package org.appointmentreminders.worker.pipeline;

import java.time.Instant;

/**
 * This worker's hold on a reminder. The token makes every later write conditional on still holding it, so a worker
 * whose lease ran out cannot overwrite the one that took over.
 *
 * @param heldText a text this reminder took under the cap in an earlier attempt and has not given back (its
 *                 record of giving it back failed, or its worker died): it is this reminder's still, else null
 * @param undelivered the carrier's final event when the reminder was texted and the text could not be delivered
 *                    (it is claimed again only to be emailed), else null
 * @param leaseUntil when another worker may take the reminder: a send must be over, and recorded, before then
 */
public record Claim(String reminderId, String token, boolean smsPermanentlyFailed, TextHold heldText,
                    String undelivered, Instant leaseUntil) {

    public Claim(String reminderId, String token, boolean smsPermanentlyFailed) {
        this(reminderId, token, smsPermanentlyFailed, null, null, Instant.MAX);
    }

    public Claim(String reminderId, String token, boolean smsPermanentlyFailed, TextHold heldText) {
        this(reminderId, token, smsPermanentlyFailed, heldText, null, Instant.MAX);
    }

    /** No text may go out on this claim: the number refused before, or the text went out and did not arrive. */
    public boolean mustNotText() {
        return smsPermanentlyFailed || undelivered != null;
    }
}
