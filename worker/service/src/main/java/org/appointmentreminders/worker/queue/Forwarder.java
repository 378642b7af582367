package org.appointmentreminders.worker.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.sqs.SqsLimits;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a copy of a received message elsewhere, body unchanged and with the sender's own attributes: to the
 * dead-letter queue when it will never succeed (with why, in attributes, so {@code dlq list} can show it without
 * reading the body), instead of letting it burn through every receive; or back to the reminder queue as a new
 * message, with a fresh count of receives, when what stopped it was not its fault.
 */
@Singleton
public final class Forwarder {
    /** SQS allows 10 attributes per message; the sender's own may use what ours leave. */
    private static final int MAX_ATTRIBUTES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final Clock clock;

    @Inject
    public Forwarder(SqsAsyncClient sqs, WorkerConfig.Queue queue, Clock clock) {
        this(sqs, queue.url(), queue.deadLetterUrl(), clock);
    }

    public Forwarder(SqsAsyncClient sqs, String queueUrl, String deadLetterQueueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.clock = clock;
    }

    /** To the dead-letter queue, with a reason code and, for contract violations, their paths and codes. */
    public CompletableFuture<Void> toDeadLetterQueue(InboundMessage message, String reason,
                                                     List<Violation> violations) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(DeadLetterAttributes.REASON, text(reason));
        attributes.put(DeadLetterAttributes.SOURCE_MESSAGE_ID, text(message.messageId()));
        attributes.put(DeadLetterAttributes.DEAD_LETTERED_AT, text(clock.instant().toString()));
        if (!violations.isEmpty()) {
            attributes.put(DeadLetterAttributes.VIOLATIONS, text(describe(violations)));
        }
        addSendersAttributes(message, attributes);
        return sqs.sendMessage(r -> r.queueUrl(deadLetterQueueUrl).messageBody(message.body())
                .messageAttributes(attributes)).thenApply(sent -> null);
    }

    /** Back to the reminder queue as a new message, visible after {@code delay} (15 minutes at most). */
    public CompletableFuture<Void> requeue(InboundMessage message, Duration delay) {
        return requeue(message, delay, Map.of());
    }

    /** The same, with attributes of ours ({@code ours}: name to string value) on the copy. */
    public CompletableFuture<Void> requeue(InboundMessage message, Duration delay, Map<String, String> ours) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        ours.forEach((name, value) -> attributes.put(name, text(value)));
        addSendersAttributes(message, attributes);
        int delaySeconds = (int) Math.min(delay.toSeconds(), SqsLimits.LONGEST_DELAY.toSeconds());
        return sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(message.body()).delaySeconds(delaySeconds)
                .messageAttributes(attributes)).thenApply(sent -> null);
    }

    private static void addSendersAttributes(InboundMessage message, Map<String, MessageAttributeValue> attributes) {
        message.attributes().forEach((name, value) -> {
            if (attributes.size() < MAX_ATTRIBUTES && !DeadLetterAttributes.isOurs(name)) {
                attributes.put(name, value);
            }
        });
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
