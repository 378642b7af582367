package org.appointmentreminders.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
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
import org.appointmentreminders.localaws.SentEmail;
import org.appointmentreminders.localaws.StackSpec;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.retry.Backoff;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Transient failures go back to the queue with a growing backoff, and the final receive falls back to email. */
@ExtendWith(LocalAwsExtension.class)
class RetryIT {
    private static final int MAX_RECEIVES = 3;

    private EmulatorFront front;

    @AfterEach
    void clearFaults() {
        if (front != null) {
            front.clearFaults();
        }
    }

    @Test
    void aTransientSnsFailureIsRetriedWithGrowingVisibilityAndThenSucceeds(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front, ProvisionedStack stack) {
        this.front = front;
        TestReminders reminder = TestReminders.reminder();
        String rule = front.inject(FaultRule.error("sns", "Publish", "Throttling", 400)
                .matching("PhoneNumber", reminder.phone()).times(2));
        Queues.send(aws, stack.queueUrl(), reminder.json());
        Ledger ledger = new Ledger(aws, stack);

        List<Long> attemptTimes = new ArrayList<>();
        // Full jitter drawn at its maximum, so each delay is exactly base * 2^(attempt - 1): 1 s, then 2 s.
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Backoff.class).toProvider(() -> Backoffs.alwaysLongest(Duration.ZERO, Duration.ofSeconds(1)));
            }
        })) {
            // The rule sees every publish to this number: two refused, then the one that goes through.
            long matched = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (matched < 3 && System.nanoTime() < deadline) {
                long now = matched(front, rule);
                if (now > matched) {
                    attemptTimes.add(System.nanoTime() / 1_000_000);
                    matched = now;
                }
                sleep(20);
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ledger.status(reminder.reminderId()).filter("SMS_SENT"::equals).isPresent());
        }

        assertThat(ledger.status(reminder.reminderId())).contains("SMS_SENT");
        Map<String, AttributeValue> item = ledger.item(reminder.reminderId()).orElseThrow();
        assertThat(item.get(LedgerAttributes.ATTEMPTS).n()).isEqualTo("3");
        assertThat(item.get(LedgerAttributes.SMS_ATTEMPTS).n()).isEqualTo("3");
        assertThat(attemptTimes).hasSize(3);
        long firstWait = attemptTimes.get(1) - attemptTimes.get(0);
        long secondWait = attemptTimes.get(2) - attemptTimes.get(1);
        assertThat(firstWait).as("hidden for the first backoff (1 s)").isGreaterThanOrEqualTo(900);
        assertThat(secondWait).as("hidden for the second, longer backoff (2 s)").isGreaterThanOrEqualTo(1900);
        assertThat(secondWait).isGreaterThan(firstWait);
    }

    @Test
    void transientFailuresUntilTheFinalReceiveFallBackToEmail(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        this.front = front;
        ProvisionedStack stack = Stacks.provision(aws, StackSpec.named("t-retry-final-" + shortId())
                .withMaxReceiveCount(MAX_RECEIVES));
        TestReminders withEmail = TestReminders.reminder().withEmail();
        TestReminders withoutEmail = TestReminders.reminder();
        for (TestReminders reminder : List.of(withEmail, withoutEmail)) {
            front.inject(FaultRule.error("sns", "Publish", "InternalError", 500)
                    .matching("PhoneNumber", reminder.phone()));
        }
        Queues.send(aws, stack.queueUrl(), List.of(withEmail.json(), withoutEmail.json()));
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(40)).until(() ->
                    ledger.status(withEmail.reminderId()).filter("EMAIL_SENT"::equals).isPresent()
                            && ledger.status(withoutEmail.reminderId()).filter("FAILED"::equals).isPresent()
                            && Queues.depth(aws, stack.queueUrl()) == 0);
        }

        Map<String, AttributeValue> emailed = ledger.item(withEmail.reminderId()).orElseThrow();
        assertThat(emailed.get(LedgerAttributes.ATTEMPTS).n()).isEqualTo(Integer.toString(MAX_RECEIVES));
        assertThat(emailed.get(LedgerAttributes.SMS_ATTEMPTS).n()).isEqualTo(Integer.toString(MAX_RECEIVES));
        assertThat(emailed.get(LedgerAttributes.ERROR_CODE).s()).isEqualTo("InternalError");
        List<SentEmail> emails = front.sentEmails().stream()
                .filter(e -> e.destinations().contains(withEmail.email())).toList();
        assertThat(emails).hasSize(1);
        assertThat(emails.get(0).messageId()).isEqualTo(emailed.get(LedgerAttributes.EMAIL_MESSAGE_ID).s());

        // Without an email address it is left on its final receive, and the redrive policy moves it.
        List<Message> deadLetters = Queues.drain(aws, stack.deadLetterQueueUrl());
        assertThat(deadLetters).extracting(Message::body).containsExactly(withoutEmail.json());
        assertThat(ledger.item(withoutEmail.reminderId()).orElseThrow().get(LedgerAttributes.ERROR_CODE).s())
                .isEqualTo("no_email:InternalError");
    }

    private static long matched(EmulatorFront front, String rule) {
        for (JsonNode fault : front.faults()) {
            if (fault.get("id").asText().equals(rule)) {
                return fault.get("matched").asLong();
            }
        }
        return 0;
    }

    private static String shortId() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Backoffs with a fixed draw, for tests that measure delays. */
    static final class Backoffs {
        private Backoffs() {
        }

        static Backoff alwaysLongest(Duration min, Duration base) {
            return Backoff.withRandom(new WorkerConfig.Retry(min, base, Duration.ofHours(11)), () -> 1.0);
        }
    }
}
