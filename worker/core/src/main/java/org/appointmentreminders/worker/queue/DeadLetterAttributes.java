package org.appointmentreminders.worker.queue;

/**
 * The message attributes the worker puts on a message it dead-letters itself, so {@code dlq list} can say why
 * without reading the body. Ours all start with {@link #PREFIX}; a redrive strips them before the message goes back.
 */
public final class DeadLetterAttributes {
    public static final String PREFIX = "reminders.";
    public static final String REASON = PREFIX + "reason";
    public static final String VIOLATIONS = PREFIX + "violations";
    public static final String SOURCE_MESSAGE_ID = PREFIX + "sourceMessageId";
    public static final String DEAD_LETTERED_AT = PREFIX + "deadLetteredAt";

    private DeadLetterAttributes() {
    }

    /** True for an attribute the worker set, as opposed to one the sender put on the message. */
    public static boolean isOurs(String attributeName) {
        return attributeName.startsWith(PREFIX);
    }
}
