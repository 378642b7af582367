package org.appointmentreminders.worker.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/** What SQS allows, and how the worker and the CLI ask it for messages: written once, for both. */
public final class SqsLimits {
    /** Entries per batch call (DeleteMessageBatch, ChangeMessageVisibilityBatch, SendMessageBatch) and per receive. */
    public static final int MAX_BATCH = 10;
    /** The longest a message can stay hidden, counted from when it was received; {@link #LONGEST_VISIBILITY}. */
    public static final String LONGEST_VISIBILITY_TEXT = "12h";
    public static final Duration LONGEST_VISIBILITY = Duration.ofHours(12);
    /** The longest SQS delays a new message (DelaySeconds). */
    public static final Duration LONGEST_DELAY = Duration.ofMinutes(15);
    /** Kept off the limit, since a message has been held for a moment before its visibility is changed. */
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private SqsLimits() {
    }

    /** A visibility timeout SQS accepts: not negative, and a minute short of its 12-hour limit at most. */
    public static Duration capVisibility(Duration visibility) {
        if (visibility.isNegative()) {
            return Duration.ZERO;
        }
        Duration longest = LONGEST_VISIBILITY.minus(MARGIN);
        return visibility.compareTo(longest) > 0 ? longest : visibility;
    }

    /** A receive that brings every message attribute and the two system attributes the worker reads. */
    public static ReceiveMessageRequest.Builder withAttributes(ReceiveMessageRequest.Builder receive) {
        return receive.messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.SENT_TIMESTAMP);
    }

    /** {@code items} cut into batches SQS accepts. */
    public static <T> List<List<T>> batches(List<T> items) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += MAX_BATCH) {
            batches.add(items.subList(from, Math.min(items.size(), from + MAX_BATCH)));
        }
        return batches;
    }
}
