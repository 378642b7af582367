package org.appointmentreminders.contracts.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderJson;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.ReminderParser;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * For EHR integrations: validates each reminder against contract v1, then sends the valid ones with
 * {@code SendMessageBatch} (10 per call), each carrying a {@code schemaVersion} message attribute. Invalid messages
 * are refused with their violations and never reach the queue. Returns one result per message, in order; nothing is
 * thrown for a bad message or a failed send.
 */
public final class ReminderPublisher {
    public static final String SCHEMA_VERSION_ATTRIBUTE = "schemaVersion";
    static final int MAX_BATCH_ENTRIES = 10;
    /** SQS limits a whole batch to 256 KiB; a batch is closed before it would pass that. */
    static final int MAX_BATCH_BYTES = 256 * 1024;


    private final SqsClient sqs;
    private final String queueUrl;
    private final ReminderParser parser;

    public ReminderPublisher(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, new ReminderParser());
    }

    public ReminderPublisher(SqsClient sqs, String queueUrl, ReminderParser parser) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.parser = parser;
    }

    /** Publishes raw JSON bodies, as an integration engine holds them. */
    public List<PublishResult> publish(List<String> bodies) {
        PublishResult[] results = new PublishResult[bodies.size()];
        List<Pending> valid = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            ParseResult parsed = parser.parse(bodies.get(i));
            if (parsed instanceof ParseResult.Invalid invalid) {
                results[i] = PublishResult.invalid(i, invalid.reminderId(), invalid.violations());
            } else {
                valid.add(new Pending(i, parsed.id(), parsed.schemaVersion(), bodies.get(i)));
            }
        }
        for (List<Pending> batch : batches(valid)) {
            send(batch, results);
        }
        return Arrays.asList(results);
    }

    /** Publishes messages built in code; each is written in the v1 wire form and validated like any other. */
    public List<PublishResult> publishMessages(List<ReminderMessage> messages) {
        return publish(messages.stream().map(ReminderJson::toJson).toList());
    }

    private static List<List<Pending>> batches(List<Pending> messages) {
        List<List<Pending>> batches = new ArrayList<>();
        List<Pending> current = new ArrayList<>();
        int bytes = 0;
        for (Pending message : messages) {
            int size = message.body.getBytes(StandardCharsets.UTF_8).length;
            if (!current.isEmpty() && (current.size() == MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(message);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private void send(List<Pending> batch, PublishResult[] results) {
        List<SendMessageBatchRequestEntry> entries = batch.stream()
                .map(p -> SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(p.index))
                        .messageBody(p.body)
                        .messageAttributes(Map.of(SCHEMA_VERSION_ATTRIBUTE, MessageAttributeValue.builder()
                                .dataType("Number").stringValue(Integer.toString(p.schemaVersion)).build()))
                        .build())
                .toList();
        try {
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            for (SendMessageBatchResultEntry ok : response.successful()) {
                int index = Integer.parseInt(ok.id());
                results[index] = PublishResult.sent(index, reminderIdAt(batch, index), ok.messageId());
            }
            for (BatchResultErrorEntry failed : response.failed()) {
                int index = Integer.parseInt(failed.id());
                results[index] = PublishResult.failed(index, reminderIdAt(batch, index), failed.code());
            }
        } catch (SdkException e) {
            String code = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                    && service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode()
                    : e.getClass().getSimpleName();
            for (Pending p : batch) {
                results[p.index] = PublishResult.failed(p.index, p.reminderId, code);
            }
        }
    }

    private static String reminderIdAt(List<Pending> batch, int index) {
        return batch.stream().filter(p -> p.index == index).findFirst().map(p -> p.reminderId).orElse(null);
    }

    /** A valid message waiting for its batch; reminderId is a change's changeId for an appointment change. */
    private record Pending(int index, String reminderId, int schemaVersion, String body) {
    }
}
