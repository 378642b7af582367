package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * An email the SES emulator accepted. The emulator front renders a templated email's subject and bodies as moto
 * does; LocalStack records the template's name and data only, so there they are null.
 */
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
