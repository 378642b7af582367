package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.FailureClassifier;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.appointmentreminders.worker.pipeline.SmsChannel;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Texts a reminder: renders it in the patient's language and publishes it through SNS as a Transactional message,
 * in the slot {@link SendRate} gives it: at once, or from a timer when the rate makes it wait (no thread waits). The
 * SNS client makes no retries of its own: a transient failure goes back to the queue with a backoff.
 */
@Singleton
public final class SmsSender implements SmsChannel, Managed {
    /** SNS codes that are about the destination number, so retrying cannot help. */
    private static final FailureClassifier CLASSIFIER = new FailureClassifier(Set.of(
            "InvalidParameter", "InvalidParameterValue", "OptedOut", "EndpointDisabled"));
    /** Shorter waits are not worth a timer: the send goes now, within the rate's small burst. */
    private static final long NOT_WORTH_A_TIMER_NANOS = 1_000_000;

    private final SnsAsyncClient sns;
    private final SmsRenderer renderer;
    private final SendRate rate;
    private final Duration longestWait;
    private final Map<String, MessageAttributeValue> attributes;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("sms-send-timer"));

    @Inject
    public SmsSender(SnsAsyncClient sns, SmsRenderer renderer, SendRate rate, WorkerConfig.Sms sms,
                     WorkerConfig.Processing processing) {
        this.sns = sns;
        this.renderer = renderer;
        this.rate = rate;
        this.longestWait = processing.longestWaitForSendSlot();
        this.attributes = attributes(sms);
    }

    @Override
    public CompletableFuture<SendResult> send(ReminderMessage reminder) {
        String text = renderer.render(reminder);
        OptionalLong wait = rate.reserve(longestWait);
        if (wait.isEmpty()) {
            return CompletableFuture.completedFuture(new SendResult.Throttled("rate_limited_locally"));
        }
        if (wait.getAsLong() < NOT_WORTH_A_TIMER_NANOS) {
            return publish(reminder.patient().phone(), text);
        }
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        timer.schedule(() -> publish(reminder.patient().phone(), text).whenComplete((sent, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(sent);
            }
        }), wait.getAsLong(), TimeUnit.NANOSECONDS);
        return result;
    }

    private CompletableFuture<SendResult> publish(String phone, String text) {
        try {
            return sns.publish(r -> r.phoneNumber(phone).message(text).messageAttributes(attributes))
                    .handle((response, failure) -> {
                        if (failure == null) {
                            return new SendResult.Sent(response.messageId());
                        }
                        SendResult result = CLASSIFIER.classify(failure);
                        if (result instanceof SendResult.Throttled) {
                            rate.throttled();
                        }
                        return result;
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CLASSIFIER.classify(e));
        }
    }

    /** Sends already given a slot still go out (the poller has stopped, so no new ones come). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(longestWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
