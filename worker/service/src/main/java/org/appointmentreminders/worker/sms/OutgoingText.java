package org.appointmentreminders.worker.sms;

import java.time.Instant;

/**
 * One text to one phone, rendered, with what the carrier's API carries along: the reminder it belongs to (echoed in
 * End User Messaging's events, so a receipt finds its reminder) and when it stops being worth delivering.
 */
public record OutgoingText(String phone, String body, String reminderId, Instant deliverBy, Purpose purpose) {

    /** Why the text is sent: receipts of a reminder's own text update its delivery state; others' do not. */
    public enum Purpose {
        REMINDER("reminder"),
        REPLY_ANSWER("reply-answer");

        private final String wireName;

        Purpose(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
