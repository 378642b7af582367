package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.FailureClassifier;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.delivery.TextContext;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2AsyncClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.SendTextMessageRequest;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;

/**
 * AWS End User Messaging SMS {@code SendTextMessage}, Transactional, from the configured origination identity and
 * through the configuration set whose events become delivery receipts. The reminderId rides in {@code Context}, which
 * every event echoes; the time to live ends at the reminder's deadline, so a text the carrier could only deliver
 * after the appointment's reminder stopped mattering is dropped (TEXT_TTL_EXPIRED) rather than delivered late.
 */
@Singleton
public final class EndUserMessagingTextApi implements TextApi {
    /** The service's bounds on TimeToLive, in seconds. */
    static final long SHORTEST_TTL = 5;
    static final long LONGEST_TTL = Duration.ofHours(72).toSeconds();

    /**
     * Refusals about the destination (opted out, blocked for it), so retrying cannot help. Everything else, including
     * a missing configuration set or a refused origination identity, is ours to fix and is retried meanwhile.
     */
    private static final FailureClassifier CLASSIFIER = new FailureClassifier(Set.of(
            "ConflictException:DESTINATION_PHONE_NUMBER_OPTED_OUT",
            "ConflictException:DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE",
            "ConflictException:DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION",
            "ValidationException:DESTINATION_COUNTRY_BLOCKED"), EndUserMessagingTextApi::reason);

    private final PinpointSmsVoiceV2AsyncClient smsVoice;
    private final Clock clock;
    private final WorkerConfig.Sms sms;

    @Inject
    public EndUserMessagingTextApi(PinpointSmsVoiceV2AsyncClient smsVoice, Clock clock, WorkerConfig.Sms sms) {
        this.smsVoice = smsVoice;
        this.clock = clock;
        this.sms = sms;
    }

    @Override
    public CompletableFuture<SendResult> send(OutgoingText text) {
        try {
            return smsVoice.sendTextMessage(request(text))
                    .handle((response, failure) -> failure == null
                            ? new SendResult.Sent(response.messageId()) : CLASSIFIER.classify(failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CLASSIFIER.classify(e));
        }
    }

    SendTextMessageRequest request(OutgoingText text) {
        long untilDeadline = Duration.between(clock.instant(), text.deliverBy()).toSeconds();
        SendTextMessageRequest.Builder request = SendTextMessageRequest.builder()
                .destinationPhoneNumber(text.phone())
                .messageBody(text.body())
                .messageType(MessageType.TRANSACTIONAL)
                .maxPrice(sms.maxPriceUsd().toPlainString())
                .timeToLive((int) Math.max(SHORTEST_TTL, Math.min(LONGEST_TTL, untilDeadline)))
                .context(Map.of(TextContext.REMINDER_ID, text.reminderId(), TextContext.PURPOSE,
                        text.purpose().wireName()));
        sms.originationIdentity().ifPresent(request::originationIdentity);
        sms.configurationSet().ifPresent(request::configurationSetName);
        return request.build();
    }

    private static Optional<String> reason(AwsServiceException failure) {
        if (failure instanceof ConflictException conflict && conflict.reason() != null) {
            return Optional.of(conflict.reasonAsString());
        }
        if (failure instanceof ValidationException invalid && invalid.reason() != null) {
            return Optional.of(invalid.reasonAsString());
        }
        return Optional.empty();
    }
}
