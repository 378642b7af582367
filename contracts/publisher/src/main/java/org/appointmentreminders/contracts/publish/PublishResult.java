package org.appointmentreminders.contracts.publish;

import java.util.List;
import org.appointmentreminders.contracts.Violation;

/**
 * What became of one message handed to a publisher, at the same index as it was given.
 *
 * @param reminderId the reminderId when it could be read, else null
 * @param sqsMessageId set when {@link Status#SENT}
 * @param violations set when {@link Status#INVALID}: the message was refused and never sent
 * @param errorCode set when {@link Status#FAILED}: SQS did not take it; sending it again is safe (reminderId makes a
 *                  second copy harmless)
 */
public record PublishResult(
        int index,
        Status status,
        String reminderId,
        String sqsMessageId,
        List<Violation> violations,
        String errorCode) {

    public enum Status { SENT, INVALID, FAILED }

    public PublishResult {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    static PublishResult sent(int index, String reminderId, String sqsMessageId) {
        return new PublishResult(index, Status.SENT, reminderId, sqsMessageId, List.of(), null);
    }

    static PublishResult invalid(int index, String reminderId, List<Violation> violations) {
        return new PublishResult(index, Status.INVALID, reminderId, null, violations, null);
    }

    static PublishResult failed(int index, String reminderId, String errorCode) {
        return new PublishResult(index, Status.FAILED, reminderId, null, List.of(), errorCode);
    }
}
