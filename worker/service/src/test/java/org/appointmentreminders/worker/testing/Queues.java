package org.appointmentreminders.worker.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.localaws.AwsClients;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Putting reminders on a queue and looking at what is there. */
public final class Queues {
    private Queues() {
    }

    public static void send(AwsClients aws, String queueUrl, List<String> bodies) {
        sendDelayed(aws, queueUrl, bodies, 0);
    }

    /** Messages that become visible after {@code seconds}. */
    public static void sendDelayed(AwsClients aws, String queueUrl, List<String> bodies, int seconds) {
        for (int from = 0; from < bodies.size(); from += 10) {
            List<String> batch = bodies.subList(from, Math.min(bodies.size(), from + 10));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(batch.get(i))
                        .delaySeconds(seconds).build());
            }
            var response = aws.sqs().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused test messages: " + response.failed());
            }
        }
    }

    public static void send(AwsClients aws, String queueUrl, String body) {
        send(aws, queueUrl, List.of(body));
    }

    /** A message that becomes visible after {@code seconds}. */
    public static void sendDelayed(AwsClients aws, String queueUrl, String body, int seconds) {
        sendDelayed(aws, queueUrl, List.of(body), seconds);
    }

    /** Visible, in-flight and delayed messages: everything still to be handled. */
    public static int depth(AwsClients aws, String queueUrl) {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** Receives everything visible (and deletes it), with all attributes. */
    public static List<Message> drain(AwsClients aws, String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> got = aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All"))
                    .messages();
            if (got.isEmpty()) {
                return all;
            }
            for (Message message : got) {
                aws.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            all.addAll(got);
        }
    }
}
