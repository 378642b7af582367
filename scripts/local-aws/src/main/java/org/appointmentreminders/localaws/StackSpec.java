package org.appointmentreminders.localaws;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one environment of the service needs: the reminder queue and its dead-letter queue, the outcome ledger
 * table, a verified sender and the email templates. Names follow the same scheme as the Terraform modules.
 *
 * <p>A closed-loop stack ({@link #withClosedLoop}) has, besides, what texting through End User Messaging SMS with
 * delivery receipts and replies needs: a configuration set whose event destination is the receipts topic, the receipts
 * queue (and its DLQ) subscribed to it with raw message delivery, an origination phone number with two-way SMS to the
 * replies topic, the replies queue (and its DLQ) subscribed to that, and the EHR events topic with a queue subscribed
 * to it (raw delivery) as the EHR's own would be. Only the project's emulator front has End User Messaging SMS.
 */
public record StackSpec(
        String name,
        int maxReceiveCount,
        Duration visibilityTimeout,
        String senderEmail,
        List<EmailTemplate> emailTemplates,
        boolean closedLoop) {

    public static final int DEFAULT_MAX_RECEIVE_COUNT = 5;
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);
    public static final String DEFAULT_SENDER = "reminders@clinic.example.org";
    /** A configuration set's name allows these and at most 64 of them; queue names need room for their suffixes. */
    private static final Pattern CLOSED_LOOP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,60}");

    public StackSpec {
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000, was " + maxReceiveCount);
        }
        if (closedLoop && !CLOSED_LOOP_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a closed-loop stack's name is 1 to 60 letters, digits, '-' or '_'"
                    + " (it names the configuration set), was " + name);
        }
        emailTemplates = List.copyOf(emailTemplates);
    }

    public static StackSpec named(String name) {
        return new StackSpec(name, DEFAULT_MAX_RECEIVE_COUNT, DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_SENDER, List.of(),
                false);
    }

    public StackSpec withMaxReceiveCount(int count) {
        return new StackSpec(name, count, visibilityTimeout, senderEmail, emailTemplates, closedLoop);
    }

    public StackSpec withVisibilityTimeout(Duration timeout) {
        return new StackSpec(name, maxReceiveCount, timeout, senderEmail, emailTemplates, closedLoop);
    }

    public StackSpec withEmailTemplates(List<EmailTemplate> templates) {
        return new StackSpec(name, maxReceiveCount, visibilityTimeout, senderEmail, templates, closedLoop);
    }

    /** Adds End User Messaging SMS with delivery receipts, replies and EHR events (see the class comment). */
    public StackSpec withClosedLoop() {
        return new StackSpec(name, maxReceiveCount, visibilityTimeout, senderEmail, emailTemplates, true);
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

    /** The SNS topic the configuration set's event destination publishes the SMS events to. */
    public String receiptsTopicName() {
        return name + "-sms-events";
    }

    public String receiptsQueueName() {
        return name + "-receipts";
    }

    public String receiptsDeadLetterQueueName() {
        return name + "-receipts-dlq";
    }

    /** The SNS topic the origination number's two-way SMS publishes replies to. */
    public String repliesTopicName() {
        return name + "-sms-replies";
    }

    public String repliesQueueName() {
        return name + "-replies";
    }

    public String repliesDeadLetterQueueName() {
        return name + "-replies-dlq";
    }

    public String ehrEventsTopicName() {
        return name + "-ehr-events";
    }

    /** The queue that stands for the EHR's own subscription to the events topic. */
    public String ehrSubscriberQueueName() {
        return name + "-ehr-subscriber";
    }

    public String configurationSetName() {
        return name;
    }

    public String eventDestinationName() {
        return "receipts";
    }
}
