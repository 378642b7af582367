package org.appointmentreminders.worker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.FaultRule;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.StackSpec;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.testing.CliProcess;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: numbers the carrier refuses, and SES failing through every receive: those reminders end in the DLQ.
 * After SES recovers, {@code dlq redrive} completes each with exactly one email, and no SMS is tried again.
 */
@ExtendWith(LocalAwsExtension.class)
class SesOutageRedriveIT {
    private static final int REMINDERS = 200;

    @Test
    void redriveAfterAnSesOutageSendsOneEmailEachAndNoSecondSms(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) throws Exception {
        ProvisionedStack stack = Stacks.provision(aws, StackSpec.named("t-ses-outage-" + shortId())
                .withMaxReceiveCount(3));
        List<TestReminders> reminders = new ArrayList<>();
        for (int i = 0; i < REMINDERS; i++) {
            TestReminders reminder = TestReminders.reminder().withEmail();
            reminders.add(reminder);
        }
        front.inject(FaultRule.error("sns", "Publish", "InvalidParameter", 400));
        String sesDown = front.inject(FaultRule.error("ses", "SendTemplatedEmail", "ServiceUnavailable", 503));
        front.resetCalls();
        Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
        Ledger ledger = new Ledger(aws, stack);

        long publishesBeforeRedrive;
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of("processing.max-in-flight", 16))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    Queues.depth(aws, stack.deadLetterQueueUrl()) == REMINDERS);
            assertThat(reminders).allSatisfy(r -> assertThat(ledger.status(r.reminderId())).contains("FAILED"));
            publishesBeforeRedrive = front.calls().getOrDefault("sns.Publish", 0L);
            assertThat(publishesBeforeRedrive).as("one SMS attempt per reminder: later receives skip it")
                    .isEqualTo(REMINDERS);

            front.removeFault(sesDown);
            CliProcess.Result redrive = CliProcess.run(WorkerFixture.environment(endpoints, stack), null,
                    "dlq", "redrive", "--rate", "100");
            assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    reminders.stream().allMatch(r -> ledger.status(r.reminderId())
                            .filter("EMAIL_SENT"::equals).isPresent()));
            await().atMost(Duration.ofSeconds(20)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
        } finally {
            front.clearFaults();
        }

        assertThat(front.calls().getOrDefault("sns.Publish", 0L)).as("no SMS tried again after the redrive")
                .isEqualTo(publishesBeforeRedrive);
        Reconciliation books = Reconciliation.of(reminders, ledger, front, aws, stack);
        books.assertAgree();
        assertThat(books.count(LedgerStatus.EMAIL_SENT)).isEqualTo(REMINDERS);
        assertThat(books.emailTotal()).as("exactly one email each").isEqualTo(REMINDERS);
        assertThat(books.smsTotal()).isZero();

        new ScenarioReport("4-ses-down-then-dlq-redrive", REMINDERS,
                "SNS refuses every number; SES 503 through the final receive, then `dlq redrive`")
                .outcomes(books).put("duplicates", 0).put("lost", 0)
                .put("smsAttempts", publishesBeforeRedrive).write();
    }

    private static String shortId() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
