package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.FailureClassifier;
import org.appointmentreminders.worker.delivery.SendResult;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * SNS {@code Publish} to a phone number, as a Transactional message. SNS reports no delivery per message (only
 * sampled CloudWatch Logs entries) and carries nothing of ours along, so neither receipts nor a reply's link to its
 * text exist on this channel. The client makes no retries of its own: a transient failure goes back to the queue.
 */
@Singleton
public final class SnsTextApi implements TextApi {
    /** SNS codes that are about the destination number, so retrying cannot help. */
    private static final FailureClassifier CLASSIFIER = new FailureClassifier(Set.of(
            "InvalidParameter", "InvalidParameterValue", "OptedOut", "EndpointDisabled"));

    private final SnsAsyncClient sns;
    private final Map<String, MessageAttributeValue> attributes;

    @Inject
    public SnsTextApi(SnsAsyncClient sns, WorkerConfig.Sms sms) {
        this.sns = sns;
        this.attributes = attributes(sms);
    }

    @Override
    public CompletableFuture<SendResult> send(OutgoingText text) {
        try {
            return sns.publish(r -> r.phoneNumber(text.phone()).message(text.body()).messageAttributes(attributes))
                    .handle((response, failure) -> failure == null
                            ? new SendResult.Sent(response.messageId()) : CLASSIFIER.classify(failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CLASSIFIER.classify(e));
        }
    }

    private static Map<String, MessageAttributeValue> attributes(WorkerConfig.Sms sms) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put("AWS.SNS.SMS.SMSType", string("Transactional"));
        attributes.put("AWS.SNS.SMS.MaxPrice", MessageAttributeValue.builder().dataType("Number")
                .stringValue(sms.maxPriceUsd().toPlainString()).build());
        sms.originationNumber().ifPresent(number -> attributes.put("AWS.MM.SMS.OriginationNumber", string(number)));
        sms.senderId().ifPresent(id -> attributes.put("AWS.SNS.SMS.SenderID", string(id)));
        return Map.copyOf(attributes);
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
