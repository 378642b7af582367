package org.appointmentreminders.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.queue.DeadLetterAttributes;
import org.appointmentreminders.worker.sqs.SqsLimits;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Looks at the dead-letter queue without consuming it: messages are received with a short visibility timeout, so a
 * page never repeats, and made visible again at the end. Describes each by what is safe to show: reminderId, why it
 * is there, how often it was received, how old it is.
 */
final class DeadLetters {
    /** Long enough to page through the queue; released explicitly afterwards. */
    private static final int PEEK_VISIBILITY_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;
    private final String queueUrl;
    private final String ledgerTable;
    private final ReminderParser parser = new ReminderParser();

    DeadLetters(SqsClient sqs, DynamoDbClient dynamoDb, String queueUrl, String ledgerTable) {
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
        this.queueUrl = queueUrl;
        this.ledgerTable = ledgerTable;
    }

    /** Up to {@code max} messages, left in the queue; each is hidden for a minute at most while paging. */
    List<Message> peek(int max) {
        Map<String, Message> seen = new java.util.LinkedHashMap<>();
        List<Message> received = new ArrayList<>();
        int quiet = 0;
        while (seen.size() < max && quiet < 2) {
            List<Message> page = receive(Math.min(SqsLimits.MAX_BATCH, max - seen.size()), PEEK_VISIBILITY_SECONDS);
            received.addAll(page);
            int fresh = 0;
            for (Message message : page) {
                if (seen.putIfAbsent(message.messageId(), message) == null) {
                    fresh++;
                }
            }
            // Nothing new: the queue is exhausted, or the first pages came back after their minute.
            quiet = fresh == 0 ? quiet + 1 : 0;
        }
        release(received);
        return new ArrayList<>(seen.values());
    }

    List<Message> receive(int wanted, int visibilitySeconds) {
        return sqs.receiveMessage(r -> SqsLimits.withAttributes(r.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                .visibilityTimeout(visibilitySeconds).waitTimeSeconds(1))).messages();
    }

    /** Makes messages visible again at once. */
    void release(List<Message> messages) {
        for (List<Message> batch : SqsLimits.batches(messages)) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = IntStream.range(0, batch.size())
                    .mapToObj(i -> ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                            .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout(0).build())
                    .toList();
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }

    /** A message that breaks the contract: it would only be rejected again. */
    boolean isRejected(Message message) {
        return parser.parse(message.body()) instanceof ParseResult.Invalid;
    }

    Row describe(Message message, Instant now) {
        String reminderId = reminderId(message);
        Map<String, AttributeValue> ledger = reminderId == null ? Map.of() : ledgerItem(reminderId);
        String reason;
        if (message.messageAttributes().containsKey(DeadLetterAttributes.REASON)) {
            reason = message.messageAttributes().get(DeadLetterAttributes.REASON).stringValue();
        } else if (ledger.containsKey(LedgerAttributes.ERROR_CODE)) {
            reason = ledger.get(LedgerAttributes.ERROR_CODE).s();
        } else {
            reason = "receive limit reached";
        }
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        Duration age = sent == null ? null : Duration.between(Instant.ofEpochMilli(Long.parseLong(sent)), now);
        String receives = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        String status = ledger.containsKey(LedgerAttributes.STATUS) ? ledger.get(LedgerAttributes.STATUS).s() : null;
        return new Row(message.messageId(), reminderId, isRejected(message) ? "rejected" : "failed", reason,
                receives == null ? null : Integer.parseInt(receives), status, age);
    }

    /** The reminderId (a change's changeId) when well-formed; never anything else from the body. */
    private String reminderId(Message message) {
        return parser.parse(message.body()).id();
    }

    private Map<String, AttributeValue> ledgerItem(String reminderId) {
        if (ledgerTable == null || ledgerTable.isBlank()) {
            return Map.of();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(ledgerTable)
                .key(Map.of(LedgerAttributes.REMINDER_ID, AttributeValue.fromS(reminderId)))).item();
        return item == null ? Map.of() : item;
    }

    /** What {@code dlq list} shows of one message. */
    record Row(String sqsMessageId, String reminderId, String kind, String reason, Integer receives,
               String ledgerStatus, Duration age) {

        JsonNode toJson() {
            var node = JSON.createObjectNode();
            node.put("sqsMessageId", sqsMessageId);
            node.put("reminderId", reminderId);
            node.put("kind", kind);
            node.put("reason", reason);
            if (receives != null) {
                node.put("receives", receives);
            }
            node.put("ledgerStatus", ledgerStatus);
            if (age != null) {
                node.put("ageSeconds", age.toSeconds());
            }
            return node;
        }
    }
}
