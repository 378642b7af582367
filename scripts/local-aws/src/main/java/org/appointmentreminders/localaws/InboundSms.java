package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A patient's reply as the front published it to the phone number's two-way SNS topic.
 *
 * @param previousPublishedMessageId the text it is linked to; null when none
 * @param optedOut the reply began with an opt-out keyword (STOP, ...), which put {@code from} on the number's opt-out
 *     list
 * @param payload the two-way payload as published (originationNumber, destinationNumber, messageKeyword, messageBody,
 *     inboundMessageId, previousPublishedMessageId)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InboundSms(String inboundMessageId, String previousPublishedMessageId, String topicArn,
                         boolean optedOut, JsonNode payload) {
}
