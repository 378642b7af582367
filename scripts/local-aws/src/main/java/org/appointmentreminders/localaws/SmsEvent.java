package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An End User Messaging SMS event the front published to an event destination's SNS topic, in the order published.
 *
 * @param eventTimestamp the event's own time (epoch ms); publishedAt when it was published
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SmsEvent(String messageId, String eventType, @JsonProperty("isFinal") boolean isFinal, long eventTimestamp,
                       String destinationPhoneNumber, String topicArn, long publishedAt) {
}
