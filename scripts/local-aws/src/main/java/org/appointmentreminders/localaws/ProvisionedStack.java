package org.appointmentreminders.localaws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What {@link Provisioner} created, with the identifiers callers need to use it. */
public record ProvisionedStack(
        StackSpec spec,
        String queueUrl,
        String queueArn,
        String deadLetterQueueUrl,
        String deadLetterQueueArn,
        String ledgerTable,
        Optional<ClosedLoop> closedLoop) {

    /** The worker's sms.channel value for End User Messaging SMS. */
    public static final String END_USER_MESSAGING_CHANNEL = "end-user-messaging";

    /**
     * A closed-loop stack's End User Messaging SMS, receipts, replies and EHR events ({@link StackSpec#withClosedLoop}).
     *
     * @param originationPhoneNumberArn what the worker sends from (sms.origination-identity)
     * @param originationNumber the same number in E.164: where patients' replies go
     * @param ehrSubscriberQueueUrl a queue subscribed to the EHR events topic with raw delivery, as the EHR's is
     */
    public record ClosedLoop(
            String configurationSetName,
            String configurationSetArn,
            String originationPhoneNumberId,
            String originationPhoneNumberArn,
            String originationNumber,
            String receiptsTopicArn,
            String receiptsQueueUrl,
            String receiptsQueueArn,
            String receiptsDeadLetterQueueUrl,
            String repliesTopicArn,
            String repliesQueueUrl,
            String repliesQueueArn,
            String repliesDeadLetterQueueUrl,
            String ehrEventsTopicArn,
            String ehrSubscriberQueueUrl) {

        /**
         * The worker's settings for texting through End User Messaging SMS on this stack, keys relative to
         * {@code reminders.}: the channel, configuration set, origination identity, receipts, replies and EHR events.
         */
        public Map<String, String> workerSettings() {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("sms.channel", END_USER_MESSAGING_CHANNEL);
            settings.put("sms.configuration-set", configurationSetName);
            settings.put("sms.origination-identity", originationPhoneNumberArn);
            settings.put("delivery-receipts.queue-url", receiptsQueueUrl);
            settings.put("delivery-receipts.dead-letter-url", receiptsDeadLetterQueueUrl);
            settings.put("replies.queue-url", repliesQueueUrl);
            settings.put("replies.dead-letter-url", repliesDeadLetterQueueUrl);
            settings.put("ehr-events.topic-arn", ehrEventsTopicArn);
            return settings;
        }
    }

    public ProvisionedStack {
        closedLoop = closedLoop == null ? Optional.empty() : closedLoop;
    }

    /**
     * The stack's names under the variable names the worker's configuration reads: for a closed-loop stack, with the
     * worker switched to End User Messaging SMS and its receipts, replies and EHR events. Two more, for scripts, are
     * no worker's: LOCALAWS_SMS_ORIGINATION_NUMBER (where replies go) and LOCALAWS_EHR_SUBSCRIBER_QUEUE_URL.
     */
    public Map<String, String> asEnvironment() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("REMINDERS_QUEUE_URL", queueUrl);
        names.put("REMINDERS_QUEUE_DEAD_LETTER_URL", deadLetterQueueUrl);
        names.put("REMINDERS_LEDGER_TABLE", ledgerTable);
        names.put("REMINDERS_EMAIL_SENDER", spec.senderEmail());
        names.put("REMINDERS_EMAIL_TEMPLATE_PREFIX", spec.emailTemplatePrefix());
        closedLoop.ifPresent(loop -> {
            loop.workerSettings().forEach((key, value) -> names.put(variableFor(key), value));
            names.put("LOCALAWS_SMS_ORIGINATION_NUMBER", loop.originationNumber());
            names.put("LOCALAWS_EHR_SUBSCRIBER_QUEUE_URL", loop.ehrSubscriberQueueUrl());
        });
        return names;
    }

    /** The closed-loop part; fails for a stack provisioned without {@link StackSpec#withClosedLoop}. */
    public ClosedLoop loop() {
        return closedLoop.orElseThrow(() -> new IllegalStateException("stack " + spec.name()
                + " was provisioned without End User Messaging SMS (StackSpec.withClosedLoop())"));
    }

    public int maxReceiveCount() {
        return spec.maxReceiveCount();
    }

    public String senderEmail() {
        return spec.senderEmail();
    }

    public String emailTemplatePrefix() {
        return spec.emailTemplatePrefix();
    }

    /** reminders.a-b.c-d is REMINDERS_A_B_C_D, as the worker's configuration reads variables. */
    private static String variableFor(String key) {
        return ("reminders." + key).toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
