package org.appointmentreminders.worker.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.worker.config.WorkerConfig;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a message that will never succeed straight to the dead-letter queue, with why, instead of letting it burn
 * through every receive. The body is copied unchanged; the reason travels in message attributes, so {@code dlq list}
 * can show it without reading the body.
 */
@Singleton
public final class DeadLetterForwarder {
    /** SQS allows 10 attributes per message; the sender's own may use what ours leave. */
    private static final int MAX_ATTRIBUTES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String deadLetterQueueUrl;
    private final Clock clock;

    @Inject
    public DeadLetterForwarder(SqsClient sqs, WorkerConfig.Queue queue, Clock clock) {
        this.sqs = sqs;
        this.deadLetterQueueUrl = queue.deadLetterUrl();
        this.clock = clock;
    }

    /** Forwards with a reason code and, for contract violations, their paths and codes (never values). */
    public void forward(InboundMessage message, String reason, List<Violation> violations) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(DeadLetterAttributes.REASON, text(reason));
        attributes.put(DeadLetterAttributes.SOURCE_MESSAGE_ID, text(message.messageId()));
        attributes.put(DeadLetterAttributes.DEAD_LETTERED_AT, text(clock.instant().toString()));
        if (!violations.isEmpty()) {
            attributes.put(DeadLetterAttributes.VIOLATIONS, text(describe(violations)));
        }
        message.attributes().forEach((name, value) -> {
            if (attributes.size() < MAX_ATTRIBUTES && !DeadLetterAttributes.isOurs(name)) {
                attributes.put(name, value);
            }
        });
        sqs.sendMessage(r -> r.queueUrl(deadLetterQueueUrl).messageBody(message.body())
                .messageAttributes(attributes));
    }

    private static String describe(List<Violation> violations) {
        List<Map<String, String>> compact = violations.stream()
                .map(v -> Map.of("path", v.path(), "code", v.code()))
                .toList();
        try {
            return JSON.writeValueAsString(compact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: plain strings", e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
