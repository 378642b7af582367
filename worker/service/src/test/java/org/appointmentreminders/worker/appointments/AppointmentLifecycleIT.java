package org.appointmentreminders.worker.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.FaultRule;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentSms;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestChanges;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Cancellations and reschedules against reminders, over the emulators: what the EHR says last is what counts. */
@ExtendWith(LocalAwsExtension.class)
class AppointmentLifecycleIT {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** The EHR's versions of the appointments, an hour apart. */
    private static final OffsetDateTime BOOKED = OffsetDateTime.now(NEW_YORK).minusDays(1)
            .truncatedTo(ChronoUnit.SECONDS);
    private static final OffsetDateTime LATER = BOOKED.plusHours(1);
    private static final OffsetDateTime LATEST = BOOKED.plusHours(2);

    private EmulatorFront front;

    @AfterEach
    void clearFaults() {
        if (front != null) {
            front.clearFaults();
        }
    }

    private static List<SentSms> textsTo(EmulatorFront front, String phone) {
        return front.sentSms().stream().filter(sms -> sms.phoneNumber().equals(phone)).toList();
    }

    private static Map<String, AttributeValue> appointment(Ledger ledger, String appointmentId) {
        return ledger.item(LedgerAttributes.APPOINTMENT_KEY_PREFIX + appointmentId).orElseThrow();
    }

    @Test
    void aCancellationQueuedBeforeTheWorkerReachesTheReminderOrWhileItWaitsForARetrySuppressesIt(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        this.front = front;
        ProvisionedStack stack = Stacks.fresh(aws, "cancel-queued");
        TestReminders queued = TestReminders.reminder().v2(BOOKED);
        TestReminders retrying = TestReminders.reminder().v2(BOOKED);
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            // The first reminder's text fails: it waits for a retry when its cancellation comes.
            front.inject(FaultRule.error("sns", "Publish", "InternalError", 500).matching("PhoneNumber", retrying.phone()));
            Queues.send(aws, stack.queueUrl(), retrying.json());
            await().atMost(Duration.ofSeconds(30)).until(() -> front.calls().getOrDefault("sns.Publish", 0L) > 0);
            // The second is queued, and not yet visible, when its cancellation arrives.
            Queues.sendDelayed(aws, stack.queueUrl(), queued.json(), 5);
            Queues.send(aws, stack.queueUrl(), List.of(
                    TestChanges.cancelled(queued.appointmentId(), LATER),
                    TestChanges.cancelled(retrying.appointmentId(), LATER)));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    ledger.item(LedgerAttributes.APPOINTMENT_KEY_PREFIX + retrying.appointmentId()).isPresent());
            front.clearFaults();

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    ledger.status(queued.reminderId()).filter("CANCELLED"::equals).isPresent()
                            && ledger.status(retrying.reminderId()).filter("CANCELLED"::equals).isPresent());
        }
        assertThat(textsTo(front, queued.phone())).isEmpty();
        assertThat(textsTo(front, retrying.phone())).as("nothing got through before the cancellation").isEmpty();
        assertThat(appointment(ledger, queued.appointmentId()).get(LedgerAttributes.APPOINTMENT_STATUS).s())
                .isEqualTo("CANCELLED");
        assertThat(Queues.depth(aws, stack.queueUrl())).isZero();
        assertThat(Queues.depth(aws, stack.deadLetterQueueUrl())).as("nothing to redrive").isZero();
    }

    @Test
    void aCancellationAfterTheReminderWasSentChangesNothingSentAndIsRecorded(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        this.front = front;
        ProvisionedStack stack = Stacks.fresh(aws, "cancel-after");
        TestReminders reminder = TestReminders.reminder().v2(BOOKED);
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            Queues.send(aws, stack.queueUrl(), reminder.json());
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ledger.status(reminder.reminderId()).filter("SMS_SENT"::equals).isPresent());
            Queues.send(aws, stack.queueUrl(), TestChanges.cancelled(reminder.appointmentId(), LATER));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ledger.item(LedgerAttributes.APPOINTMENT_KEY_PREFIX + reminder.appointmentId()).isPresent());
            // The same reminder again, as an EHR resending its feed would: it is not sent, and stays sent.
            Queues.send(aws, stack.queueUrl(), reminder.json());
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
        }
        assertThat(textsTo(front, reminder.phone())).hasSize(1);
        assertThat(ledger.status(reminder.reminderId())).contains("SMS_SENT");
        Map<String, AttributeValue> appointment = appointment(ledger, reminder.appointmentId());
        assertThat(appointment.get(LedgerAttributes.APPOINTMENT_STATUS).s()).isEqualTo("CANCELLED");
        assertThat(appointment.get(LedgerAttributes.APPOINTMENT_CHANGES).l()).singleElement()
                .satisfies(entry -> assertThat(entry.s()).contains("appointment-cancelled"));
    }

    @Test
    void changesArrivingOutOfOrderResolveToTheNewest(AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        this.front = front;
        ProvisionedStack stack = Stacks.fresh(aws, "out-of-order");
        String appointmentId = "appt-ooo-" + System.nanoTime();
        OffsetDateTime oldStart = OffsetDateTime.now(NEW_YORK).plusDays(3).truncatedTo(ChronoUnit.HOURS);
        OffsetDateTime newStart = oldStart.plusDays(1);
        TestReminders forNewStart = TestReminders.reminder().appointmentId(appointmentId).start(newStart).v2(LATEST);
        TestReminders forOldStart = TestReminders.reminder().appointmentId(appointmentId).start(oldStart).v2(BOOKED);
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            // The EHR moved the appointment (latest), after an older cancellation that arrives second.
            Queues.send(aws, stack.queueUrl(), TestChanges.rescheduled(appointmentId, LATEST, newStart));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    ledger.item(LedgerAttributes.APPOINTMENT_KEY_PREFIX + appointmentId).isPresent());
            Queues.send(aws, stack.queueUrl(), TestChanges.cancelled(appointmentId, LATER));
            await().atMost(Duration.ofSeconds(20)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
            Queues.send(aws, stack.queueUrl(), List.of(forOldStart.json(), forNewStart.json()));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ledger.status(forNewStart.reminderId()).filter("SMS_SENT"::equals).isPresent()
                            && ledger.status(forOldStart.reminderId()).filter("STALE"::equals).isPresent());
        }
        Map<String, AttributeValue> appointment = appointment(ledger, appointmentId);
        assertThat(appointment.get(LedgerAttributes.APPOINTMENT_STATUS).s()).as("the older cancellation lost")
                .isEqualTo("SCHEDULED");
        assertThat(appointment.get(LedgerAttributes.APPOINTMENT_CHANGES).l()).hasSize(1);
        assertThat(textsTo(front, forNewStart.phone())).hasSize(1);
        assertThat(textsTo(front, forOldStart.phone())).isEmpty();
    }

    @Test
    void aRescheduleSuppressesRemindersForTheOldTimeAndLetsOnesForTheNewTimeThrough(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        this.front = front;
        ProvisionedStack stack = Stacks.fresh(aws, "reschedule");
        String appointmentId = "appt-moved-" + System.nanoTime();
        OffsetDateTime oldStart = OffsetDateTime.now(NEW_YORK).plusDays(3).truncatedTo(ChronoUnit.HOURS);
        OffsetDateTime newStart = oldStart.plusHours(4);
        // v1 reminders know no version: they are judged by their start alone.
        TestReminders v1OldTime = TestReminders.reminder().appointmentId(appointmentId).start(oldStart);
        TestReminders v2OldTime = TestReminders.reminder().appointmentId(appointmentId).start(oldStart).v2(BOOKED);
        TestReminders v2NewTime = TestReminders.reminder().appointmentId(appointmentId).start(newStart).v2(LATER);
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            Queues.send(aws, stack.queueUrl(), TestChanges.rescheduled(appointmentId, LATER, newStart));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    ledger.item(LedgerAttributes.APPOINTMENT_KEY_PREFIX + appointmentId).isPresent());
            Queues.send(aws, stack.queueUrl(), List.of(v1OldTime.json(), v2OldTime.json(), v2NewTime.json()));
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0
                    && ledger.status(v2NewTime.reminderId()).filter("SMS_SENT"::equals).isPresent());
        }
        assertThat(ledger.status(v1OldTime.reminderId())).contains("STALE");
        assertThat(ledger.status(v2OldTime.reminderId())).contains("STALE");
        assertThat(textsTo(front, v1OldTime.phone())).isEmpty();
        assertThat(textsTo(front, v2OldTime.phone())).isEmpty();
        assertThat(textsTo(front, v2NewTime.phone())).hasSize(1);
    }

    @Test
    void twoWorkersNeverSendAPhoneMoreTextsThanTheCap(AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        this.front = front;
        ProvisionedStack stack = Stacks.fresh(aws, "cap");
        String phone = TestReminders.uniquePhone();
        List<TestReminders> reminders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            TestReminders reminder = TestReminders.reminder().phone(phone);
            reminders.add(i % 2 == 0 ? reminder.withEmail() : reminder);
        }
        Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture first = WorkerFixture.start(endpoints, stack, Map.of());
             WorkerFixture second = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reminders.stream().allMatch(r ->
                    ledger.status(r.reminderId()).filter(s -> !s.equals("CLAIMED")).isPresent()));
        }
        assertThat(textsTo(front, phone)).as("one text a day to this phone").hasSize(1);
        long texted = reminders.stream().filter(r -> ledger.status(r.reminderId()).orElseThrow().equals("SMS_SENT"))
                .count();
        assertThat(texted).isEqualTo(1);
        for (TestReminders reminder : reminders) {
            String status = ledger.status(reminder.reminderId()).orElseThrow();
            if (!status.equals("SMS_SENT")) {
                assertThat(status).as("capped: emailed when it can be, else CAPPED")
                        .isEqualTo(reminder.email() != null ? "EMAIL_SENT" : "CAPPED");
            }
        }
        assertThat(Queues.depth(aws, stack.deadLetterQueueUrl())).isZero();
    }
}
