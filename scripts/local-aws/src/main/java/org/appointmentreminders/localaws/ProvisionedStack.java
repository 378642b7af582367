package org.appointmentreminders.localaws;

/** What {@link Provisioner} created, with the identifiers callers need to use it. */
public record ProvisionedStack(
        StackSpec spec,
        String queueUrl,
        String queueArn,
        String deadLetterQueueUrl,
        String deadLetterQueueArn,
        String ledgerTable) {

    /** The stack's names under the variable names the worker's configuration reads. */
    public java.util.Map<String, String> asEnvironment() {
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        names.put("REMINDERS_QUEUE_URL", queueUrl);
        names.put("REMINDERS_QUEUE_DEAD_LETTER_URL", deadLetterQueueUrl);
        names.put("REMINDERS_LEDGER_TABLE", ledgerTable);
        names.put("REMINDERS_EMAIL_SENDER", spec.senderEmail());
        names.put("REMINDERS_EMAIL_TEMPLATE_PREFIX", spec.emailTemplatePrefix());
        return names;
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
}
