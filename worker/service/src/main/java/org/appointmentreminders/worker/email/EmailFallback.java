package org.appointmentreminders.worker.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.FailureClassifier;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.pipeline.EmailChannel;
import org.appointmentreminders.worker.templates.DisplayFields;
import org.appointmentreminders.worker.templates.LanguageTemplate;
import org.appointmentreminders.worker.templates.ReminderTemplates;
import software.amazon.awssdk.services.ses.SesAsyncClient;

/**
 * The email sent when a text cannot get through: SES {@code SendTemplatedEmail} with the environment's template for
 * the patient's language. The SES client makes no retries of its own; a transient failure goes back to the queue.
 */
@Singleton
public final class EmailFallback implements EmailChannel {
    /** SES codes about the recipient or the message itself, so retrying cannot help. */
    private static final FailureClassifier CLASSIFIER = new FailureClassifier(Set.of(
            "MessageRejected", "InvalidParameterValue"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SesAsyncClient ses;
    private final ReminderTemplates templates;
    private final String sender;
    private final String templatePrefix;

    private final Clock clock;

    @Inject
    public EmailFallback(SesAsyncClient ses, ReminderTemplates templates, Clock clock, WorkerConfig.Email email) {
        this.ses = ses;
        this.clock = clock;
        this.templates = templates;
        this.sender = email.sender();
        this.templatePrefix = email.templatePrefix();
    }

    /** The SES template name for a language. */
    public static String templateName(String prefix, String languageCode) {
        return prefix + "-" + languageCode;
    }

    @Override
    public CompletableFuture<SendResult> send(ReminderMessage message, Instant startBy) {
        if (clock.instant().isAfter(startBy)) {
            return CompletableFuture.completedFuture(SendResult.Transient.CLAIM_EXPIRING);
        }
        LanguageTemplate template = templates.forLanguage(message.patient().language());
        DisplayFields fields = DisplayFields.of(message, template.emailDate(), template.emailTime());
        String data;
        try {
            data = JSON.writeValueAsString(EmailTemplateData.of(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a map of strings", e);
        }
        try {
            return ses.sendTemplatedEmail(r -> r.source(sender)
                            .destination(d -> d.toAddresses(message.patient().email()))
                            .template(templateName(templatePrefix, message.patient().language().code()))
                            .templateData(data))
                    .handle((response, failure) -> failure == null
                            ? new SendResult.Sent(response.messageId()) : CLASSIFIER.classify(failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CLASSIFIER.classify(e));
        }
    }
}
