package org.appointmentreminders.worker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentEmail;
import org.appointmentreminders.localaws.SentMessages;
import org.appointmentreminders.localaws.SentSms;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.testing.CloudWatchSums;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.TestReminders;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The books of one reliability run, from every side: the ledger, the SMS and email the emulators accepted, the
 * dead-letter queue, the reminder queue and the worker's metrics. {@link #assertAgree} holds them to one another.
 */
final class Reconciliation {
    final Map<LedgerStatus, Long> byStatus = new EnumMap<>(LedgerStatus.class);
    final Map<String, LedgerStatus> statusOf = new HashMap<>();
    final Map<String, Long> smsPerReminder = new HashMap<>();
    final Map<String, Long> emailsPerReminder = new HashMap<>();
    final Set<String> deadLettered;
    final int queueDepth;
    final List<TestReminders> reminders;

    private Reconciliation(List<TestReminders> reminders, Ledger ledger, SentMessages sent, AwsClients aws,
                           ProvisionedStack stack) {
        this.reminders = reminders;
        Map<String, String> byPhone = reminders.stream()
                .collect(Collectors.toMap(TestReminders::phone, TestReminders::reminderId));
        Map<String, String> byEmail = reminders.stream().filter(r -> r.email() != null)
                .collect(Collectors.toMap(TestReminders::email, TestReminders::reminderId));
        for (TestReminders reminder : reminders) {
            LedgerStatus status = ledger.status(reminder.reminderId()).map(LedgerStatus::valueOf).orElse(null);
            statusOf.put(reminder.reminderId(), status);
            if (status != null) {
                byStatus.merge(status, 1L, Long::sum);
            }
        }
        for (SentSms sms : sent.sentSms()) {
            String id = byPhone.get(sms.phoneNumber());
            if (id != null) {
                smsPerReminder.merge(id, 1L, Long::sum);
            }
        }
        for (SentEmail email : sent.sentEmails()) {
            for (String address : email.destinations()) {
                String id = byEmail.get(address);
                if (id != null) {
                    emailsPerReminder.merge(id, 1L, Long::sum);
                }
            }
        }
        Set<String> ids = reminders.stream().map(TestReminders::reminderId).collect(Collectors.toSet());
        deadLettered = Queues.drain(aws, stack.deadLetterQueueUrl()).stream().map(Message::body)
                .map(body -> ids.stream().filter(body::contains).findFirst().orElse("?"))
                .collect(Collectors.toSet());
        queueDepth = Queues.depth(aws, stack.queueUrl());
    }

    /** Takes the books; drains the dead-letter queue to read it. */
    static Reconciliation of(List<TestReminders> reminders, Ledger ledger, SentMessages sent, AwsClients aws,
                             ProvisionedStack stack) {
        return new Reconciliation(reminders, ledger, sent, aws, stack);
    }

    long count(LedgerStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }

    long smsTotal() {
        return smsPerReminder.values().stream().mapToLong(Long::longValue).sum();
    }

    long emailTotal() {
        return emailsPerReminder.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Every reminder reached exactly one known end, nothing is lost, nobody got two texts, and the emulators'
     * records match the ledger: SMS_SENT has its one SMS, EMAIL_SENT its one email, FAILED sits in the DLQ.
     */
    void assertAgree() {
        assertThat(queueDepth).as("messages left in the reminder queue").isZero();
        assertThat(statusOf).as("every reminder is in the ledger").doesNotContainValue(null);
        assertThat(statusOf.values()).as("nobody left claimed").doesNotContain(LedgerStatus.CLAIMED);
        assertThat(smsPerReminder.values()).as("no reminder texted twice").allMatch(n -> n == 1);
        assertThat(emailsPerReminder.values()).as("no reminder emailed twice").allMatch(n -> n == 1);
        statusOf.forEach((id, status) -> {
            switch (status) {
                case SMS_SENT -> assertThat(smsPerReminder).as("the SMS of %s", id).containsEntry(id, 1L);
                case EMAIL_SENT -> assertThat(emailsPerReminder).as("the email of %s", id).containsEntry(id, 1L);
                case FAILED -> {
                    assertThat(deadLettered).as("%s failed, so it is in the DLQ", id).contains(id);
                    assertThat(emailsPerReminder).as("%s failed: no email", id).doesNotContainKey(id);
                }
                default -> { }
            }
        });
        assertThat(deadLettered).as("only failed reminders in the DLQ")
                .allMatch(id -> statusOf.get(id) == LedgerStatus.FAILED);
        assertThat(smsTotal()).isEqualTo(count(LedgerStatus.SMS_SENT));
        assertThat(emailTotal()).isEqualTo(count(LedgerStatus.EMAIL_SENT));
    }

    /** The worker's metrics, summed over the run, against the ledger. */
    void assertMetricsAgree(AwsClients aws, String environment, Map<String, Long> expected) {
        expected.forEach((metric, value) -> assertThat(CloudWatchSums.sum(aws, environment, metric))
                .as("metric %s", metric).isEqualTo(value.doubleValue()));
    }

    Map<String, Long> outcomeMetrics() {
        return Map.of(MetricNames.SMS_SENT, count(LedgerStatus.SMS_SENT),
                MetricNames.EMAIL_SENT, count(LedgerStatus.EMAIL_SENT),
                MetricNames.FAILED, count(LedgerStatus.FAILED));
    }


    @Override
    public String toString() {
        return "ledger " + byStatus + ", SMS " + smsTotal() + ", emails " + emailTotal() + ", DLQ "
                + deadLettered.size() + ", queue " + queueDepth;
    }
}
