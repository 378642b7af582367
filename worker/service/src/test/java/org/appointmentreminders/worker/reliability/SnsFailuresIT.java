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
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 1: 2,000 reminders while 30% of SNS publishes fail, 5xx and throttling mixed. */
@ExtendWith(LocalAwsExtension.class)
class SnsFailuresIT {
    private static final int REMINDERS = 2_000;
    private static final int MAX_RECEIVES = 3;

    @Test
    void everyReminderEndsOnceWithThirtyPercentOfPublishesFailing(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = Stacks.provision(aws, StackSpec.named("t-sns-30pct-" + shortId())
                .withMaxReceiveCount(MAX_RECEIVES));
        List<TestReminders> reminders = new ArrayList<>();
        for (int i = 0; i < REMINDERS; i++) {
            // Half have an email address, so both final-receive endings happen: email, or the DLQ.
            reminders.add(i % 2 == 0 ? TestReminders.reminder().withEmail() : TestReminders.reminder());
        }
        // 15% throttled, then 17.65% of the rest a 5xx: 30% of publishes fail in all.
        front.inject(FaultRule.error("sns", "Publish", "Throttling", 400).withRate(0.15));
        front.inject(FaultRule.error("sns", "Publish", "InternalError", 500).withRate(0.1765));
        front.resetCalls();
        Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
        Ledger ledger = new Ledger(aws, stack);
        long started = System.nanoTime();

        String environment;
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of("processing.max-in-flight", 32,
                "retry.base-delay", "2s"))) {
            environment = worker.config().environment();
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    Queues.depth(aws, stack.queueUrl()) == 0 && worker.worker().inFlight() == 0);
        } finally {
            front.clearFaults();
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000);
        long publishes = front.calls().getOrDefault("sns.Publish", 0L);

        Reconciliation books = Reconciliation.of(reminders, ledger, front, aws, stack);
        books.assertAgree();
        assertThat(books.count(LedgerStatus.SMS_SENT) + books.count(LedgerStatus.EMAIL_SENT)
                + books.count(LedgerStatus.FAILED)).isEqualTo(REMINDERS);
        assertThat(books.count(LedgerStatus.SMS_SENT)).as(books.toString()).isGreaterThan(REMINDERS * 9 / 10);
        assertThat(books.count(LedgerStatus.EMAIL_SENT) + books.count(LedgerStatus.FAILED))
                .as("some reached their final receive still failing: %s", books).isPositive();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> books.assertMetricsAgree(aws, environment, Map.of(
                MetricNames.SMS_SENT, books.count(LedgerStatus.SMS_SENT),
                MetricNames.EMAIL_SENT, books.count(LedgerStatus.EMAIL_SENT),
                MetricNames.FAILED, books.count(LedgerStatus.FAILED),
                MetricNames.SMS_ATTEMPTS, publishes)));
        double failedShare = 1.0 - (double) books.count(LedgerStatus.SMS_SENT) / publishes;
        assertThat(failedShare).as("share of publishes refused").isBetween(0.25, 0.35);

        new ScenarioReport("1-sns-30pct-failures", REMINDERS, "30% of SNS Publish fail (15% Throttling, 15% 5xx)")
                .outcomes(books).put("duplicates", 0).put("lost", 0).put("publishes", publishes)
                .put("seconds", seconds).put("remindersPerSecond", REMINDERS / seconds).write();
    }

    private static String shortId() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
