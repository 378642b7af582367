package org.appointmentreminders.worker.pipeline;

import java.util.Optional;

/** What was attempted for a reminder, as the ledger records it. */
public record Delivery(
        Channel channel,
        Optional<String> smsMessageId,
        Optional<String> emailMessageId,
        Optional<String> errorCode,
        boolean smsAttempted,
        boolean smsPermanentFailure) {

    public enum Channel { SMS, EMAIL, NONE }

    public static Delivery sms(String messageId) {
        return new Delivery(Channel.SMS, Optional.of(messageId), Optional.empty(), Optional.empty(), true, false);
    }

    public static Delivery email(String messageId, boolean smsAttempted, boolean smsPermanentFailure,
                                 String smsErrorCode) {
        return new Delivery(Channel.EMAIL, Optional.empty(), Optional.of(messageId), Optional.ofNullable(smsErrorCode),
                smsAttempted, smsPermanentFailure);
    }

    /** Nothing was sent, and nothing needs to be: the reminder is too late. */
    public static Delivery none() {
        return new Delivery(Channel.NONE, Optional.empty(), Optional.empty(), Optional.empty(), false, false);
    }

    public static Delivery failed(String errorCode, boolean smsAttempted, boolean smsPermanentFailure) {
        return new Delivery(Channel.NONE, Optional.empty(), Optional.empty(), Optional.of(errorCode), smsAttempted,
                smsPermanentFailure);
    }
}
