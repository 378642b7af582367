package org.appointmentreminders.worker.sms;

import com.google.common.util.concurrent.RateLimiter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.FailureClassifier;
import org.appointmentreminders.worker.delivery.SendResult;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes one SMS through SNS as a Transactional message, paced by a rate limiter set to the origination
 * identity's messages per second. The SNS client makes no retries of its own: a transient failure goes back to the
 * queue with a backoff, so no thread sleeps on a retry.
 */
@Singleton
public final class SmsSender {
    /** SNS codes that are about the destination number, so retrying cannot help. */
    private static final FailureClassifier CLASSIFIER = new FailureClassifier(Set.of(
            "InvalidParameter", "InvalidParameterValue", "OptedOut", "EndpointDisabled"));

    private final SnsClient sns;
    private final RateLimiter rateLimiter;
    private final Duration maxWaitForRate;
    private final Map<String, MessageAttributeValue> attributes;

    @Inject
    public SmsSender(SnsClient sns, WorkerConfig config) {
        this.sns = sns;
        this.rateLimiter = RateLimiter.create(config.sms().ratePerSecond());
        // Waiting longer than this for our turn would eat the message's budget: retry it later instead.
        this.maxWaitForRate = config.processing().messageBudget().dividedBy(2);
        this.attributes = attributes(config.sms());
    }

    public SendResult send(String phoneNumber, String text) {
        if (!rateLimiter.tryAcquire(maxWaitForRate)) {
            return new SendResult.Transient("rate_limited_locally");
        }
        try {
            String id = sns.publish(r -> r.phoneNumber(phoneNumber).message(text).messageAttributes(attributes))
                    .messageId();
            return new SendResult.Sent(id);
        } catch (SdkException e) {
            return CLASSIFIER.classify(e);
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
