package org.appointmentreminders.worker.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.MutableClock;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The send window, with a clock the test moves: a reminder received at night is texted when the window opens. */
@ExtendWith(LocalAwsExtension.class)
class SendWindowIT {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void aReminderReceivedAt23LocalIsTextedWhenTheWindowOpensWithItsWholeRetryBudget(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) throws InterruptedException {
        ProvisionedStack stack = Stacks.fresh(aws, "window");
        LocalDate today = LocalDate.now(NEW_YORK);
        MutableClock clock = new MutableClock(ZonedDateTime.of(today, LocalTime.of(23, 0), NEW_YORK).toInstant());
        TestReminders reminder = TestReminders.reminder()
                .start(ZonedDateTime.of(today.plusDays(2), LocalTime.of(10, 0), NEW_YORK).toOffsetDateTime());
        Ledger ledger = new Ledger(aws, stack);
        // Waiting hops of a second, so the test does not wait for SQS's 15-minute delays.
        Map<String, Object> settings = Map.of("send-window.longest-wait", "1s", "send-window.opens", "08:00",
                "send-window.closes", "21:00");

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, settings, new AbstractModule() {
            @Override
            protected void configure() {
                bind(Clock.class).toInstance(clock);
            }
        })) {
            Queues.send(aws, stack.queueUrl(), reminder.json());
            // Longer than maxReceiveCount hops of a second: had waiting used up receives, SQS would have
            // moved the reminder to the dead-letter queue by now.
            Thread.sleep(8_000);
            assertThat(front.sentSms()).as("nothing texted at 23:00").noneMatch(sms ->
                    sms.phoneNumber().equals(reminder.phone()));
            assertThat(ledger.item(reminder.reminderId())).as("not even claimed while it waits").isEmpty();
            assertThat(Queues.depth(aws, stack.queueUrl())).as("still waiting in the queue").isEqualTo(1);

            clock.set(ZonedDateTime.of(today.plusDays(1), LocalTime.of(8, 0), NEW_YORK).toInstant());
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ledger.status(reminder.reminderId()).filter("SMS_SENT"::equals).isPresent());
        }
        var item = ledger.item(reminder.reminderId()).orElseThrow();
        assertThat(item.get(LedgerAttributes.ATTEMPTS).n()).as("claimed once, when the window opened").isEqualTo("1");
        assertThat(front.sentSms()).filteredOn(sms -> sms.phoneNumber().equals(reminder.phone())).hasSize(1);
        assertThat(Queues.depth(aws, stack.queueUrl())).isZero();
        assertThat(Queues.depth(aws, stack.deadLetterQueueUrl())).isZero();
    }
}
