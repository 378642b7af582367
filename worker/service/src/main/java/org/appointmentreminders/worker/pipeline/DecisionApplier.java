package org.appointmentreminders.worker.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.pipeline.Decision.LedgerWrite;
import org.appointmentreminders.worker.pipeline.Decision.Settlement;
import org.appointmentreminders.worker.queue.DeadLetterForwarder;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.Settler;
import org.appointmentreminders.worker.retry.Backoff;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place that acts on a {@link Decision}: writes the ledger, forwards to the dead-letter queue, deletes or
 * hides the message, and reports. When acting fails, what is safe follows from what was already done: a record of a
 * reminder that ended (something may have been sent) is kept trying; anything else becomes a retry of the whole
 * message, which the ledger makes harmless.
 */
@Singleton
public final class DecisionApplier {
    private final ReminderLedger ledger;
    private final DeadLetterForwarder deadLetters;
    private final Settler settler;
    private final PendingRecords pendingRecords;
    private final Backoff backoff;
    private final OutcomeReporter reporter;

    @Inject
    public DecisionApplier(ReminderLedger ledger, DeadLetterForwarder deadLetters, Settler settler,
                           PendingRecords pendingRecords, Backoff backoff, OutcomeReporter reporter) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.settler = settler;
        this.pendingRecords = pendingRecords;
        this.backoff = backoff;
        this.reporter = reporter;
    }

    public void apply(InboundMessage message, Decision decision) {
        try {
            write(decision);
            if (decision.settlement() instanceof Settlement.DeadLetter deadLetter) {
                deadLetters.forward(message, deadLetter.reason(), deadLetter.violations());
            }
        } catch (SdkException e) {
            if (decision.write() instanceof LedgerWrite.Final record && decision.outcome().endsReminder()) {
                pendingRecords.keepTrying(message, record.claim(), decision.outcome(), record.delivery());
                reporter.report(message, decision, decision);
                return;
            }
            String prefix = decision.write() instanceof LedgerWrite.Rejected ? "reject_failed:" : "unavailable:";
            Decision retry = decision.retryInstead(prefix + AwsErrors.code(e),
                    backoff.delayAfter(message.receiveCount()));
            settle(message, retry.settlement());
            reporter.report(message, decision, retry);
            return;
        }
        settle(message, decision.settlement());
        reporter.report(message, decision, decision);
    }

    private void write(Decision decision) {
        LedgerWrite write = decision.write();
        if (write instanceof LedgerWrite.Rejected rejected) {
            ledger.recordRejected(rejected.reminderId(), rejected.sqsMessageId(), rejected.violationCodes());
        } else if (write instanceof LedgerWrite.Final record) {
            ledger.recordFinal(record.claim(), decision.outcome(), record.delivery());
        } else if (write instanceof LedgerWrite.Release release) {
            ledger.release(release.claim(), release.delivery());
        }
    }

    private void settle(InboundMessage message, Settlement settlement) {
        if (settlement instanceof Settlement.Postpone postpone) {
            settler.postpone(message, postpone.delay());
        } else {
            // Deleted, or forwarded to the dead-letter queue above and deleted from this one.
            settler.delete(message);
        }
    }
}
