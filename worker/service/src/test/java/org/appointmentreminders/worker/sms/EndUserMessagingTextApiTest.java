package org.appointmentreminders.worker.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.delivery.TextContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2AsyncClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.SendTextMessageRequest;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.SendTextMessageResponse;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ThrottlingException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;

class EndUserMessagingTextApiTest {
    private static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");
    private static final WorkerConfig.Sms SMS = new WorkerConfig.Sms(WorkerConfig.SmsChannelKind.END_USER_MESSAGING,
            Optional.of("reminders-prod"), Optional.of("+12065550100"), 20, Optional.empty(), Optional.empty(),
            new BigDecimal("0.50"), Duration.ofMinutes(5), Duration.ofSeconds(2));

    private final FakeSmsVoice smsVoice = new FakeSmsVoice();
    private final EndUserMessagingTextApi api = new EndUserMessagingTextApi(smsVoice, Clock.fixed(NOW,
            ZoneOffset.UTC), SMS);

    private static OutgoingText text(Instant deliverBy) {
        return new OutgoingText("+14155550123", "Hi Ana", "appt-1/24h", deliverBy, TextContext.Purpose.REMINDER);
    }

    @Test
    void aReminderCarriesItsIdInTheContextAndLivesUntilItsDeadline() {
        SendTextMessageRequest request = api.request(text(NOW.plus(Duration.ofHours(20))));

        assertThat(request.context()).isEqualTo(Map.of("reminderId", "appt-1/24h", "purpose", "reminder"));
        assertThat(request.timeToLive()).isEqualTo((int) Duration.ofHours(20).toSeconds());
        assertThat(request.configurationSetName()).isEqualTo("reminders-prod");
        assertThat(request.originationIdentity()).isEqualTo("+12065550100");
        assertThat(request.messageType()).isEqualTo(MessageType.TRANSACTIONAL);
        assertThat(request.maxPrice()).isEqualTo("0.50");
    }

    @Test
    void theTimeToLiveStaysWithinWhatTheServiceAccepts() {
        assertThat(api.request(text(NOW.plusSeconds(1))).timeToLive()).isEqualTo(5);
        assertThat(api.request(text(NOW.plus(Duration.ofDays(10)))).timeToLive())
                .isEqualTo((int) Duration.ofHours(72).toSeconds());
    }

    @Test
    void onlyRefusalsAboutTheDestinationArePermanentAndTheyNameTheirReason() {
        smsVoice.failure = ConflictException.builder().reason("DESTINATION_PHONE_NUMBER_OPTED_OUT")
                .awsErrorDetails(details("ConflictException")).statusCode(400).build();
        SendResult optedOut = api.send(text(NOW.plusSeconds(3600))).join();
        smsVoice.failure = ValidationException.builder().reason("INVALID_PARAMETER")
                .awsErrorDetails(details("ValidationException")).statusCode(400).build();
        SendResult ours = api.send(text(NOW.plusSeconds(3600))).join();
        smsVoice.failure = ThrottlingException.builder().awsErrorDetails(details("ThrottlingException"))
                .statusCode(400).build();
        SendResult throttled = api.send(text(NOW.plusSeconds(3600))).join();

        assertThat(optedOut).isEqualTo(new SendResult.Permanent("ConflictException:DESTINATION_PHONE_NUMBER_OPTED_OUT"));
        assertThat(ours).as("our own mistake is retried, never blamed on the patient's number")
                .isEqualTo(new SendResult.Transient("ValidationException:INVALID_PARAMETER"));
        assertThat(throttled).isInstanceOf(SendResult.Throttled.class);
    }

    @Test
    void anAcceptedTextIsSentWithItsMessageId() {
        assertThat(api.send(text(NOW.plusSeconds(3600))).join()).isEqualTo(new SendResult.Sent("text-1"));
    }

    private static AwsErrorDetails details(String code) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage("refused").build();
    }

    private static final class FakeSmsVoice implements PinpointSmsVoiceV2AsyncClient {
        RuntimeException failure;

        @Override
        public CompletableFuture<SendTextMessageResponse> sendTextMessage(SendTextMessageRequest request) {
            return failure != null ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture(SendTextMessageResponse.builder().messageId("text-1").build());
        }

        @Override
        public String serviceName() {
            return "sms-voice";
        }

        @Override
        public void close() {
        }
    }
}
