package org.appointmentreminders.worker.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.worker.delivery.SendResult;

/**
 * What the pipeline decided for one received message, as a value: what to record in the ledger, what becomes of the
 * message in the queue, and what to report. {@link DecisionApplier} is the one place that acts on it.
 *
 * @param reminderId null when the message had no readable reminderId
 * @param detail an error or reason code for the log, or null; never message content
 * @param sends the sends attempted on this pass, for the metrics
 * @param eventsPending the ledger holds events for the EHR that an earlier pass wrote and did not publish
 */
public record Decision(Outcome outcome, String reminderId, String detail, LedgerWrite write, Settlement settlement,
                       Sends sends, boolean eventsPending) {

    public Decision(Outcome outcome, String reminderId, String detail, LedgerWrite write, Settlement settlement,
                    Sends sends) {
        this(outcome, reminderId, detail, write, settlement, sends, false);
    }

    /** What to write to the ledger before the message is settled. */
    public sealed interface LedgerWrite {
        /** Nothing to write. */
        record None() implements LedgerWrite {
        }

        /** A message that broke the contract; {@code reminderId} is null when it could not be read. */
        record Rejected(String reminderId, String sqsMessageId, List<String> violationCodes) implements LedgerWrite {
        }

        /**
         * How a claimed reminder ended: the decision's outcome, with what was attempted, and the text it held under
         * the cap but did not send (else null), given back; and the event that tells the EHR, if any.
         */
        record Final(Claim claim, Delivery delivery, TextHold unusedText, Optional<PendingEvent> tell)
                implements LedgerWrite {
            public Final(Claim claim, Delivery delivery, TextHold unusedText) {
                this(claim, delivery, unusedText, Optional.empty());
            }

            public Final(Claim claim, Delivery delivery) {
                this(claim, delivery, null);
            }

            /** The same record, with the event for the EHR written in the same request. */
            public Final telling(PendingEvent event) {
                return new Final(claim, delivery, unusedText, Optional.of(event));
            }
        }

        /** The claim given back after a transient failure, with the text it held (else null). */
        record Release(Claim claim, Delivery delivery, TextHold unusedText) implements LedgerWrite {
            public Release(Claim claim, Delivery delivery) {
                this(claim, delivery, null);
            }
        }
    }

    /** What becomes of the message in the queue. */
    public sealed interface Settlement {
        /** Done with: remove it. */
        record Delete() implements Settlement {
        }

        /** Hidden for {@code delay}, then received again (zero: at once). */
        record Postpone(Duration delay) implements Settlement {
        }

        /** Sent back to the queue as a new message, delayed (15 minutes at most), then removed. */
        record Requeue(Duration delay) implements Settlement {
        }

        /** Sent back, delayed, as delivery check number {@code check} ({@link DeliveryCheck}), then removed. */
        record CheckDelivery(Duration delay, int check) implements Settlement {
        }

        /** Moved to the dead-letter queue now, with why, then removed. */
        record DeadLetter(String reason, List<Violation> violations) implements Settlement {
        }
    }

    /** The results of the sends attempted on this pass; empty where none was tried. */
    public record Sends(Optional<SendResult> sms, Optional<SendResult> email) {
        public static final Sends NONE = new Sends(Optional.empty(), Optional.empty());

        Sends withSms(SendResult result) {
            return new Sends(Optional.of(result), email);
        }

        Sends withEmail(SendResult result) {
            return new Sends(sms, Optional.of(result));
        }
    }

    static final LedgerWrite NO_WRITE = new LedgerWrite.None();
    static final Settlement DELETE = new Settlement.Delete();

    /** The same decision with another ledger write (the applier adds the EHR's event to a record). */
    public Decision withWrite(LedgerWrite other) {
        return new Decision(outcome, reminderId, detail, other, settlement, sends, eventsPending);
    }

    /** The same decision turned into a retry after {@code delay}: used when acting on it failed. */
    public Decision retryInstead(String retryDetail, Duration delay) {
        return new Decision(Outcome.RETRY, reminderId, retryDetail, NO_WRITE, new Settlement.Postpone(delay), sends);
    }
}
