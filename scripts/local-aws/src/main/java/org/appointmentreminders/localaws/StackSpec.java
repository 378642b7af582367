package org.appointmentreminders.localaws;

import java.time.Duration;
import java.util.List;

/**
 * What one environment of the service needs: the reminder queue and its dead-letter queue, the outcome ledger
 * table, a verified sender and the email templates. Names follow the same scheme as the Terraform modules.
 */
public record StackSpec(
        String name,
        int maxReceiveCount,
        Duration visibilityTimeout,
        String senderEmail,
        List<EmailTemplate> emailTemplates) {

    public static final int DEFAULT_MAX_RECEIVE_COUNT = 5;
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);
    public static final String DEFAULT_SENDER = "reminders@clinic.example.org";

    public StackSpec {
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000, was " + maxReceiveCount);
        }
        emailTemplates = List.copyOf(emailTemplates);
    }

    public static StackSpec named(String name) {
        return new StackSpec(name, DEFAULT_MAX_RECEIVE_COUNT, DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_SENDER, List.of());
    }

    public StackSpec withMaxReceiveCount(int count) {
        return new StackSpec(name, count, visibilityTimeout, senderEmail, emailTemplates);
    }

    public StackSpec withVisibilityTimeout(Duration timeout) {
        return new StackSpec(name, maxReceiveCount, timeout, senderEmail, emailTemplates);
    }

    public StackSpec withEmailTemplates(List<EmailTemplate> templates) {
        return new StackSpec(name, maxReceiveCount, visibilityTimeout, senderEmail, templates);
    }

    public String queueName() {
        return name;
    }

    public String deadLetterQueueName() {
        return name + "-dlq";
    }

    public String ledgerTableName() {
        return name + "-ledger";
    }

    /** The email template prefix; each language's template is {@code <prefix>-<lang>}. */
    public String emailTemplatePrefix() {
        return name;
    }
}
