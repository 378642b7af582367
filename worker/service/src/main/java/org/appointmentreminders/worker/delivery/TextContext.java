package org.appointmentreminders.worker.delivery;

/**
 * What a text carries along through End User Messaging's {@code Context}, echoed in every event about it: the
 * reminder it belongs to, and why it was sent. The sender writes these keys and the receipt reader reads them.
 */
public final class TextContext {
    public static final String REMINDER_ID = "reminderId";
    public static final String PURPOSE = "purpose";

    private TextContext() {
    }

    /** Why a text was sent: receipts of a reminder's own text update its delivery state; others' do not. */
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
