package org.appointmentreminders.worker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
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
import org.appointmentreminders.localaws.StackSpec;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestChanges;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 8: 2,000 reminders queued, a fifth of their appointments cancelled while they wait, and 30% of SNS
 * publishes failing. No cancelled appointment gets a text or an email; every other reminder ends once.
 */
@ExtendWith(LocalAwsExtension.class)
class CancellationsUnderFailuresIT {
    private static final int REMINDERS = 2_000;
    private static final int MAX_RECEIVES = 3;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void noCancelledAppointmentIsRemindedAndNothingIsLostOrSentTwice(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = Stacks.provision(aws, StackSpec.named("t-cancel-20pct-"
                + java.util.UUID.randomUUID().toString().substring(0, 8)).withMaxReceiveCount(MAX_RECEIVES));
        OffsetDateTime booked = OffsetDateTime.now(NEW_YORK).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
        List<TestReminders> reminders = new ArrayList<>();
        List<String> cancellations = new ArrayList<>();
        for (int i = 0; i < REMINDERS; i++) {
            TestReminders reminder = TestReminders.reminder().v2(booked);
            reminders.add(i % 2 == 0 ? reminder.withEmail() : reminder);
            if (i % 5 == 0) {
                cancellations.add(TestChanges.cancelled(reminder.appointmentId(), booked.plusHours(1)));
            }
        }
        Set<String> cancelled = reminders.stream().filter(r -> reminders.indexOf(r) % 5 == 0)
                .map(TestReminders::reminderId).collect(Collectors.toSet());
        front.inject(FaultRule.error("sns", "Publish", "Throttling", 400).withRate(0.15));
        front.inject(FaultRule.error("sns", "Publish", "InternalError", 500).withRate(0.1765));
        Ledger ledger = new Ledger(aws, stack);

        String environment;
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of("processing.max-in-flight", 32,
                "retry.base-delay", "2s"))) {
            environment = worker.config().environment();
            // The reminders are in the queue, not yet visible, while the EHR's cancellations arrive.
            Queues.sendDelayed(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList(), 15);
            Queues.send(aws, stack.queueUrl(), cancellations);
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    Queues.depth(aws, stack.queueUrl()) == 0 && worker.worker().inFlight() == 0);
        } finally {
            front.clearFaults();
        }

        Reconciliation books = Reconciliation.of(reminders, ledger, front, aws, stack);
        books.assertAgree();
        assertThat(cancelled).as("every reminder of a cancelled appointment ended CANCELLED")
                .allMatch(id -> books.statusOf.get(id) == LedgerStatus.CANCELLED);
        assertThat(cancelled).as("no text and no email for a cancelled appointment")
                .noneMatch(id -> books.smsPerReminder.containsKey(id) || books.emailsPerReminder.containsKey(id));
        assertThat(books.count(LedgerStatus.CANCELLED)).isEqualTo(cancelled.size());
        assertThat(books.count(LedgerStatus.SMS_SENT) + books.count(LedgerStatus.EMAIL_SENT)
                + books.count(LedgerStatus.FAILED)).as("the others ended sent or failed; by status: %s", books.byStatus)
                .isEqualTo(REMINDERS - cancelled.size());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> books.assertMetricsAgree(aws, environment, Map.of(
                MetricNames.CANCELLED, books.count(LedgerStatus.CANCELLED),
                MetricNames.APPOINTMENT_CHANGES, (long) cancellations.size(),
                MetricNames.SMS_SENT, books.count(LedgerStatus.SMS_SENT))));

        new ScenarioReport("8-cancellations-under-sns-failures", REMINDERS,
                "a fifth of the appointments cancelled while their reminders are queued; 30% of SNS Publish fail")
                .outcomes(books).put("cancelledAppointments", cancellations.size())
                .put("textsToCancelled", 0).put("duplicates", 0).put("lost", 0).write();
    }
}
