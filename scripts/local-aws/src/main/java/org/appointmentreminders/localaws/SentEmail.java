package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** An email the SES emulator accepted, with templated parts rendered as the emulator renders them. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SentEmail(
        String messageId,
        String source,
        List<String> destinations,
        String subject,
        String text,
        String html,
        String template,
        String templateData) {
}
