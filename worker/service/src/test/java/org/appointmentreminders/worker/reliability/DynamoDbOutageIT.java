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
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: DynamoDB throttles, then is unavailable for 30 s. No SMS goes out without a claim, a ledger write that
 * fails after a send is kept until it lands, and everything completes after recovery.
 */
@ExtendWith(LocalAwsExtension.class)
class DynamoDbOutageIT {
    private static final int REMINDERS = 400;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void noSmsWithoutAClaimAndAllCompleteAfterRecovery(AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = Stacks.fresh(aws, "ddb-outage");
        List<TestReminders> reminders = new ArrayList<>();
        for (int i = 0; i < REMINDERS; i++) {
            reminders.add(TestReminders.reminder());
        }
        // Slow texts, so that the outage begins with sends in flight whose records then fail.
        front.inject(FaultRule.latency("sns", "Publish", 100));
        // Both kinds of write: a new reminder's claim is a transaction, its record an UpdateItem.
        List<String> throttling = List.of("UpdateItem", "TransactWriteItems").stream().map(operation ->
                front.inject(FaultRule.error("dynamodb", operation, "ProvisionedThroughputExceededException", 400)
                        .withRate(0.3))).toList();
        Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
        Ledger ledger = new Ledger(aws, stack);
        long smsAtOutage;
        long smsAtRecovery;

        // min-delay 10 s: four retries take at least 40 s, so a 30 s outage cannot push a message to its last receive.
        Map<String, Object> settings = Map.of("retry.min-delay", "10s", "retry.base-delay", "5s",
                "processing.max-in-flight", 16);
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> front.sentSms().size() > 0
                    && smsTo(front, reminders) >= REMINDERS / 5);
            throttling.forEach(front::removeFault);
            String outage = front.inject(FaultRule.error("dynamodb", null, "InternalServerError", 500));
            // Sends that had their claim before the outage may still go out in its first seconds; after that, none.
            sleep(Duration.ofSeconds(5));
            smsAtOutage = smsTo(front, reminders);
            sleep(OUTAGE.minusSeconds(5));
            smsAtRecovery = smsTo(front, reminders);
            front.removeFault(outage);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    reminders.stream().allMatch(r -> ledger.status(r.reminderId())
                            .filter(s -> LedgerStatus.valueOf(s).endsReminder()).isPresent())
                            && Queues.depth(aws, stack.queueUrl()) == 0);
        } finally {
            front.clearFaults();
        }

        assertThat(smsAtRecovery).as("no SMS while no claim could be made").isEqualTo(smsAtOutage);
        Reconciliation books = Reconciliation.of(reminders, ledger, front, aws, stack);
        books.assertAgree();
        assertThat(books.count(LedgerStatus.SMS_SENT)).as(books.toString()).isEqualTo(REMINDERS);

        new ScenarioReport("3-dynamodb-throttled-then-down-30s", REMINDERS,
                "DynamoDB UpdateItem and TransactWriteItems 30% throttled, then every DynamoDB call fails for 30 s")
                .outcomes(books).put("duplicates", 0).put("lost", 0)
                .put("smsDuringOutage", smsAtRecovery - smsAtOutage).write();
    }

    private static long smsTo(EmulatorFront front, List<TestReminders> reminders) {
        java.util.Set<String> phones = reminders.stream().map(TestReminders::phone)
                .collect(java.util.stream.Collectors.toSet());
        return front.sentSms().stream().filter(sms -> phones.contains(sms.phoneNumber())).count();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
