package org.appointmentreminders.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentMessages;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.testing.CloudWatchSums;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class DuplicateIT {

    @Test
    void theSameReminderEnqueuedFiveTimesWithFourPollersSendsOneSms(
            AwsEndpoints endpoints, AwsClients aws, SentMessages sent, ProvisionedStack stack) {
        TestReminders reminder = TestReminders.reminder();
        String body = reminder.json();
        Queues.send(aws, stack.queueUrl(), Collections.nCopies(5, body));
        Ledger ledger = new Ledger(aws, stack);

        // A short lease, so a copy that finds the claim held comes back soon and sees the final state.
        Map<String, Object> settings = Map.of("queue.pollers", 4, "processing.max-in-flight", 8,
                "processing.message-budget", "5s", "ledger.lease", "6s");
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, settings)) {
            await().atMost(Duration.ofSeconds(45)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
            assertThat(ledger.status(reminder.reminderId())).contains("SMS_SENT");
            assertThat(sent.sentSms()).filteredOn(sms -> sms.phoneNumber().equals(reminder.phone())).hasSize(1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(CloudWatchSums.sum(aws, worker.config().environment(), MetricNames.SMS_SENT)).isEqualTo(1.0);
                assertThat(CloudWatchSums.sum(aws, worker.config().environment(), MetricNames.DUPLICATE)).isEqualTo(4.0);
            });
        }
    }
}
