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
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: SNS down for 60 s, then back. With the default retry settings and the default final receive (5), the
 * messages wait out the outage hidden in the queue and none reaches its final receive, so nobody is emailed instead.
 */
@ExtendWith(LocalAwsExtension.class)
class SnsOutageIT {
    private static final int REMINDERS = 100;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void remindersWaitOutASixtySecondOutageAndAreTextedAfterIt(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = Stacks.provision(aws, StackSpec.named("t-sns-outage-" + shortId()));
        assertThat(stack.maxReceiveCount()).isEqualTo(StackSpec.DEFAULT_MAX_RECEIVE_COUNT);
        List<TestReminders> reminders = new ArrayList<>();
        for (int i = 0; i < REMINDERS; i++) {
            reminders.add(TestReminders.reminder().withEmail());
        }
        String outage = front.inject(FaultRule.error("sns", "Publish", "InternalError", 500));
        Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
        Ledger ledger = new Ledger(aws, stack);
        long started = System.nanoTime();

        // Only the test's own speed-ups: short polls and quick metric flushes. Retry settings are the defaults.
        Map<String, Object> defaults = Map.of("retry.min-delay", "30s", "retry.base-delay", "60s",
                "retry.max-delay", "11h");
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, defaults)) {
            sleep(OUTAGE);
            front.removeFault(outage);
            int highestAttemptDuringOutage = highestAttempt(ledger, reminders);
            assertThat(highestAttemptDuringOutage).as("receives used during the outage")
                    .isLessThan(stack.maxReceiveCount());
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(5)).until(() ->
                    reminders.stream().allMatch(r -> ledger.status(r.reminderId())
                            .filter(s -> LedgerStatus.valueOf(s).endsReminder()).isPresent()));
            await().atMost(Duration.ofSeconds(20)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
        } finally {
            front.clearFaults();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        Reconciliation books = Reconciliation.of(reminders, ledger, front, aws, stack);
        books.assertAgree();
        assertThat(books.count(LedgerStatus.SMS_SENT)).as(books.toString()).isEqualTo(REMINDERS);
        assertThat(books.emailTotal()).as("nobody fell back to email").isZero();
        int highest = highestAttempt(ledger, reminders);
        assertThat(highest).isLessThan(stack.maxReceiveCount());

        new ScenarioReport("2-sns-down-60s", REMINDERS, "SNS Publish fails 100% for 60 s, default retry settings")
                .outcomes(books).put("duplicates", 0).put("lost", 0).put("highestReceive", highest)
                .put("finalReceive", stack.maxReceiveCount()).put("secondsToAllSent", seconds).write();
    }

    private static int highestAttempt(Ledger ledger, List<TestReminders> reminders) {
        return reminders.stream().map(r -> ledger.item(r.reminderId()))
                .filter(java.util.Optional::isPresent)
                .mapToInt(item -> Integer.parseInt(item.get().get(LedgerAttributes.ATTEMPTS).n()))
                .max().orElse(0);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String shortId() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
