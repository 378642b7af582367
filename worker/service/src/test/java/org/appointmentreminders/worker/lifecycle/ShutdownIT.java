package org.appointmentreminders.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.FaultRule;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentSms;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.appointmentreminders.worker.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class ShutdownIT {
    private static final int REMINDERS = 200;

    @Test
    void sigtermInTheMiddleOfARunLosesNothingAndExitsZero(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front, ProvisionedStack stack) throws Exception {
        List<TestReminders> reminders = new ArrayList<>();
        for (int i = 0; i < REMINDERS; i++) {
            reminders.add(TestReminders.reminder());
        }
        Set<String> phones = reminders.stream().map(TestReminders::phone).collect(Collectors.toSet());
        Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
        // Slow SMS, so that SIGTERM surely finds messages in flight.
        String slow = front.inject(FaultRule.latency("sns", "Publish", 150));
        Ledger ledger = new Ledger(aws, stack);
        Map<String, String> env = environment(endpoints, stack);

        int exitCode;
        long stopMillis;
        try (WorkerProcess worker = WorkerProcess.start(env)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !worker.isAlive() || finalCount(ledger) >= REMINDERS / 4);
            assertThat(worker.isAlive()).as("worker running; its output:%n%s", worker.output()).isTrue();
            long signalled = System.nanoTime();
            worker.terminate();
            exitCode = worker.waitFor(Duration.ofSeconds(30));
            stopMillis = (System.nanoTime() - signalled) / 1_000_000;
            assertThat(worker.output()).contains("Worker stopping").contains("Worker stopped");
        } finally {
            front.removeFault(slow);
        }
        assertThat(exitCode).as("exit code after SIGTERM").isZero();
        assertThat(stopMillis).as("stop within the 5 s grace plus a receive").isLessThan(15_000);

        int finished = finalCount(ledger);
        assertThat(finished).as("some, not all, were done at SIGTERM").isBetween(REMINDERS / 4, REMINDERS - 1);
        assertThat(Queues.depth(aws, stack.queueUrl()))
                .as("every reminder not final in the ledger is back in the queue")
                .isGreaterThanOrEqualTo(REMINDERS - finished);

        try (WorkerProcess again = WorkerProcess.start(env, "--drain")) {
            assertThat(again.waitFor(Duration.ofSeconds(120))).isZero();
        }
        assertThat(reminders).allSatisfy(reminder -> assertThat(ledger.status(reminder.reminderId()))
                .contains(LedgerStatus.SMS_SENT.name()));
        List<SentSms> texts = front.sentSms().stream().filter(sms -> phones.contains(sms.phoneNumber())).toList();
        assertThat(texts).as("one SMS per reminder, none twice").hasSize(REMINDERS)
                .extracting(SentSms::phoneNumber).doesNotHaveDuplicates();
    }

    private static Map<String, String> environment(AwsEndpoints endpoints, ProvisionedStack stack) {
        return WorkerFixture.processEnvironment(endpoints, stack,
                Map.of("shutdown.grace", "5s", "processing.max-in-flight", 12));
    }

    private static int finalCount(Ledger ledger) {
        return (int) ledger.all().stream()
                .filter(item -> LedgerStatus.valueOf(item.get(LedgerAttributes.STATUS).s()).endsReminder())
                .count();
    }
}
