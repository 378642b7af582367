package org.appointmentreminders.worker.sms;

import com.google.common.util.concurrent.RateLimiter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.FailureClassifier;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.pipeline.SmsChannel;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Texts a reminder: renders it in the patient's language and publishes it through SNS as a Transactional message, paced by a rate limiter set to the origination
 * identity's messages per second. The SNS client makes no retries of its own: a transient failure goes back to the
 * queue with a backoff, so no thread sleeps on a retry.
 */
@Singleton
public final class SmsSender implements SmsChannel {
    /** SNS codes that are about the destination number, so retrying cannot help. */
    private static final FailureClassifier CLASSIFIER = new FailureClassifier(Set.of(
            "InvalidParameter", "InvalidParameterValue", "OptedOut", "EndpointDisabled"));

    private final SnsClient sns;
    private final SmsRenderer renderer;
    private final RateLimiter rateLimiter;
    private final Duration maxWaitForRate;
    private final Map<String, MessageAttributeValue> attributes;

    @Inject
    public SmsSender(SnsClient sns, SmsRenderer renderer, WorkerConfig.Sms sms,
                     WorkerConfig.Processing processing) {
        this.sns = sns;
        this.renderer = renderer;
        this.rateLimiter = RateLimiter.create(sms.ratePerSecond());
        // Waiting longer than this for our turn would eat the message's budget: retry it later instead.
        this.maxWaitForRate = processing.messageBudget().dividedBy(2);
        this.attributes = attributes(sms);
    }

    @Override
    public SendResult send(ReminderMessage reminder) {
        String text = renderer.render(reminder);
        if (!rateLimiter.tryAcquire(maxWaitForRate)) {
            return new SendResult.Transient("rate_limited_locally");
        }
        try {
            String phone = reminder.patient().phone();
            String id = sns.publish(r -> r.phoneNumber(phone).message(text).messageAttributes(attributes))
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
