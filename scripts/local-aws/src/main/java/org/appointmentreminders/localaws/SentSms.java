package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An SMS the SNS emulator accepted. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SentSms(String messageId, String phoneNumber, String message) {
}
