package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Optional;

/**
 * An SMS the emulators accepted: published through SNS ({@link #SNS}), or sent with End User Messaging SMS
 * {@code SendTextMessage} ({@link #END_USER_MESSAGING}), whose request details come with it.
 *
 * @param attributes SNS: the message attributes of the Publish (AWS.MM.SMS.OriginationNumber, ...); empty otherwise
 * @param originationIdentity End User Messaging: the OriginationIdentity as sent (null when none was)
 * @param originationNumber End User Messaging: the phone number it went out from
 * @param context End User Messaging: the Context, which every SMS event of the text echoes
 * @param timeToLive End User Messaging: TimeToLive in seconds, when sent
 * @param sentAt End User Messaging: when the front accepted it (epoch ms)
 * @param outcome End User Messaging: what the emulated carrier does with it ({@link SmsOutcome}'s wire name)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SentSms(
        String messageId,
        String phoneNumber,
        String message,
        String channel,
        Map<String, String> attributes,
        String originationIdentity,
        String originationNumber,
        String configurationSetName,
        Map<String, String> context,
        Integer timeToLive,
        String messageType,
        String maxPrice,
        Long sentAt,
        String outcome) {

    public static final String SNS = "sns";
    public static final String END_USER_MESSAGING = "end-user-messaging";

    public SentSms {
        channel = channel == null ? SNS : channel;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        context = context == null ? Map.of() : Map.copyOf(context);
    }

    /** An SMS published through SNS, as far as an emulator tells. */
    public static SentSms sns(String messageId, String phoneNumber, String message) {
        return new SentSms(messageId, phoneNumber, message, SNS, Map.of(), null, null, null, Map.of(), null, null,
                null, null, null);
    }

    public boolean viaEndUserMessaging() {
        return END_USER_MESSAGING.equals(channel);
    }

    /** The reminderId the worker put in the Context (End User Messaging only). */
    public Optional<String> reminderId() {
        return Optional.ofNullable(context.get("reminderId"));
    }
}
