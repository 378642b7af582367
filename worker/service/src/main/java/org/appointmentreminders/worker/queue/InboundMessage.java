package org.appointmentreminders.worker.queue;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** One received SQS message with what the pipeline needs from its envelope. */
public record InboundMessage(
        String messageId,
        String receiptHandle,
        String body,
        int receiveCount,
        Instant sentAt,
        Instant receivedAt,
        Map<String, MessageAttributeValue> attributes) {

    public static InboundMessage from(Message message, Instant receivedAt) {
        Map<MessageSystemAttributeName, String> system = message.attributes();
        int receiveCount = parseOr(system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), 1);
        long sent = parseOr(system.get(MessageSystemAttributeName.SENT_TIMESTAMP), receivedAt.toEpochMilli());
        return new InboundMessage(message.messageId(), message.receiptHandle(), message.body(), receiveCount,
                Instant.ofEpochMilli(sent), receivedAt, message.messageAttributes());
    }

    private static int parseOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long parseOr(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
