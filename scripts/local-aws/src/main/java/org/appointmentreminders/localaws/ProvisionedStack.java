package org.appointmentreminders.localaws;

/** What {@link Provisioner} created, with the identifiers callers need to use it. */
public record ProvisionedStack(
        StackSpec spec,
        String queueUrl,
        String queueArn,
        String deadLetterQueueUrl,
        String deadLetterQueueArn,
        String ledgerTable) {

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
