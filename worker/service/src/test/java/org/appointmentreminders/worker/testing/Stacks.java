package org.appointmentreminders.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.EmailTemplate;
import org.appointmentreminders.localaws.LocalAws;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.Provisioner;
import org.appointmentreminders.localaws.StackSpec;

/** Stacks with settings of their own (a lower final receive, say), carrying the worker's email templates. */
public final class Stacks {
    private Stacks() {
    }

    /** A stack of its own for one test, when tests of a class must not see each other's messages. */
    public static ProvisionedStack fresh(AwsClients aws, String purpose) {
        return provision(aws, StackSpec.named("t-" + purpose + "-" + java.util.UUID.randomUUID().toString()
                .substring(0, 8)));
    }

    public static ProvisionedStack provision(AwsClients aws, StackSpec spec) {
        try {
            return new Provisioner(aws).provision(spec.withEmailTemplates(EmailTemplate.fromDirectory(
                    LocalAws.projectRoot().resolve("worker/service/src/main/resources/templates"),
                    spec.emailTemplatePrefix())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
