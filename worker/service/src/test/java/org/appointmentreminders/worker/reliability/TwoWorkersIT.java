package org.appointmentreminders.worker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentMessages;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.appointmentreminders.worker.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 6: two worker processes on one queue, every reminder enqueued twice: each texted exactly once. */
@ExtendWith(LocalAwsExtension.class)
class TwoWorkersIT {
    private static final int REMINDERS = 500;

    @Test
    void twoWorkersNeverSendTheSameReminderTwice(AwsEndpoints endpoints, AwsClients aws, SentMessages sent)
            throws Exception {
        ProvisionedStack stack = Stacks.fresh(aws, "two-workers");
        List<TestReminders> reminders = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < REMINDERS; i++) {
            TestReminders reminder = TestReminders.reminder();
            reminders.add(reminder);
            bodies.add(reminder.json());
        }
        List<String> twice = new ArrayList<>(bodies);
        twice.addAll(bodies);
        java.util.Collections.shuffle(twice);
        Queues.send(aws, stack.queueUrl(), twice);
        Ledger ledger = new Ledger(aws, stack);
        // The lease outlasts the slowest way from claim to record (three DynamoDB attempts of 3 s, half the budget
        // waiting for the SMS rate, a 3 s publish): with 8 s, a worker stalled on a loaded machine lost its claim
        // mid-send and the other texted too. A copy that finds the claim held still looks again after the budget.
        Map<String, String> env = WorkerFixture.processEnvironment(endpoints, stack,
                Map.of("processing.message-budget", "5s", "ledger.lease", "30s"));

        try (WorkerProcess first = WorkerProcess.start(env); WorkerProcess second = WorkerProcess.start(env)) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    Queues.depth(aws, stack.queueUrl()) == 0);
            assertThat(first.output()).contains("SMS_SENT");
            assertThat(second.output()).contains("SMS_SENT");
            first.terminate();
            second.terminate();
            assertThat(first.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(second.waitFor(Duration.ofSeconds(30))).isZero();
        }

        Reconciliation books = Reconciliation.of(reminders, ledger, sent, aws, stack);
        books.assertAgree();
        assertThat(books.count(LedgerStatus.SMS_SENT)).as(books.toString()).isEqualTo(REMINDERS);
        new ScenarioReport("6-two-workers", REMINDERS * 2, "two worker processes, every reminder enqueued twice")
                .outcomes(books).put("duplicates", books.smsTotal() - REMINDERS).put("lost", 0).write();
    }
}
