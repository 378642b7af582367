package org.appointmentreminders.worker.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the worker reads from the queue itself at start-up rather than from its own configuration, so the two can
 * never disagree: the visibility timeout, and the final receive from the redrive policy.
 */
public record QueueFacts(Duration visibilityTimeout, int maxReceiveCount, String deadLetterQueueArn) {

    /** Read once at start-up, before anything runs: waiting for the answer here is what start-up is for. */
    public static QueueFacts read(SqsAsyncClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                .join().attributes();
        String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
        if (policy == null || policy.isBlank()) {
            throw new IllegalStateException("the queue " + queueUrl + " has no redrive policy: without a dead-letter"
                    + " queue, a reminder that can be sent neither by SMS nor email would retry forever");
        }
        try {
            JsonNode redrive = new ObjectMapper().readTree(policy);
            int maxReceiveCount = redrive.path("maxReceiveCount").asInt(0);
            if (maxReceiveCount < 1) {
                throw new IllegalStateException("the redrive policy of " + queueUrl + " has no maxReceiveCount");
            }
            Duration visibility = Duration.ofSeconds(
                    Long.parseLong(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
            return new QueueFacts(visibility, maxReceiveCount, redrive.path("deadLetterTargetArn").asText(""));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the redrive policy of " + queueUrl + " is not JSON", e);
        }
    }

    public boolean isFinalReceive(int receiveCount) {
        return receiveCount >= maxReceiveCount;
    }
}
