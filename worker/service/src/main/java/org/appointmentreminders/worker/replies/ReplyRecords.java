package org.appointmentreminders.worker.replies;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.worker.ehr.ReminderFacts;
import org.appointmentreminders.worker.events.PendingEvent;

/** What replies need from the ledger. */
public interface ReplyRecords {

    /**
     * The reminder a reply answers: the one texted as {@code previousPublishedMessageId}, else the latest reminder
     * texted to the phone; empty when there is none.
     */
    CompletableFuture<Optional<String>> findReminder(InboundReply reply);

    /**
     * Records the reply's intent and time on the reminder, with {@code tell}, unless this reply was recorded before.
     * Answers the reminder as it now stands, with its pending events, and the language it was sent in.
     */
    CompletableFuture<Recorded> record(String reminderId, InboundReply reply, Optional<PendingEvent> tell);

    /** Notes that an unknown reply to the reminder is answered: true only the first time, so it is answered once. */
    CompletableFuture<Boolean> answerOnce(String reminderId);

    /** {@code first}: this reply had not been recorded before. */
    record Recorded(boolean first, ReminderFacts facts, Language language) {
    }
}
