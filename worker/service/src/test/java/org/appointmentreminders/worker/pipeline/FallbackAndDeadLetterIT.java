package org.appointmentreminders.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.FaultRule;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentEmail;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.queue.DeadLetterAttributes;
import org.appointmentreminders.worker.testing.CloudWatchSums;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Every path that does not end in an SMS: email fallback, dead-lettering, rejection and expiry. */
@ExtendWith(LocalAwsExtension.class)
class FallbackAndDeadLetterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachPathEndsWithItsLedgerItemDeadLetterAndMetric(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front, ProvisionedStack stack) throws Exception {
        TestReminders optedOut = TestReminders.reminder().withEmail();
        front.optOut(optedOut.phone());
        TestReminders refusedNumber = TestReminders.reminder().withEmail();
        TestReminders refusedNoEmail = TestReminders.reminder();
        for (TestReminders refused : List.of(refusedNumber, refusedNoEmail)) {
            front.inject(FaultRule.error("sns", "Publish", "InvalidParameter", 400)
                    .matching("PhoneNumber", refused.phone()));
        }
        TestReminders expired = TestReminders.reminder().inThePast();
        String invalidWithId = TestReminders.reminder().reminderId("bad-phone-1").json()
                .replaceFirst("\"phone\":\"\\+1\\d+\"", "\"phone\":\"555-0100\"");
        String unreadable = "{\"schemaVersion\":1,\"reminderId\":";
        Queues.send(aws, stack.queueUrl(), List.of(optedOut.json(), refusedNumber.json(), refusedNoEmail.json(),
                expired.json(), invalidWithId, unreadable));
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0
                    && ledger.status(optedOut.reminderId()).filter("EMAIL_SENT"::equals).isPresent());

            Map<String, AttributeValue> optedOutItem = ledger.item(optedOut.reminderId()).orElseThrow();
            assertThat(optedOutItem.get(LedgerAttributes.STATUS).s()).isEqualTo("EMAIL_SENT");
            assertThat(optedOutItem.get(LedgerAttributes.CHANNEL).s()).isEqualTo("EMAIL");
            assertThat(optedOutItem.get(LedgerAttributes.ERROR_CODE).s()).isEqualTo("opted_out");
            assertThat(optedOutItem).doesNotContainKey(LedgerAttributes.SMS_ATTEMPTS);
            assertThat(front.sentSms()).noneMatch(sms -> sms.phoneNumber().equals(optedOut.phone()));
            SentEmail email = emailTo(front, optedOut.email());
            assertThat(optedOutItem.get(LedgerAttributes.EMAIL_MESSAGE_ID).s()).isEqualTo(email.messageId());
            assertThat(email.template()).isEqualTo(stack.emailTemplatePrefix() + "-en");
            assertThat(email.source()).isEqualTo(stack.senderEmail());
            assertThat(email.subject()).startsWith("Appointment reminder: ");
            assertThat(email.text()).contains("reminder of your appointment at Riverside Clinic");

            Map<String, AttributeValue> refusedItem = ledger.item(refusedNumber.reminderId()).orElseThrow();
            assertThat(refusedItem.get(LedgerAttributes.STATUS).s()).isEqualTo("EMAIL_SENT");
            assertThat(refusedItem.get(LedgerAttributes.ERROR_CODE).s()).isEqualTo("InvalidParameter");
            assertThat(refusedItem.get(LedgerAttributes.SMS_PERMANENT_FAILURE).bool()).isTrue();
            assertThat(refusedItem.get(LedgerAttributes.SMS_ATTEMPTS).n()).isEqualTo("1");
            emailTo(front, refusedNumber.email());

            assertThat(ledger.status(refusedNoEmail.reminderId())).contains("FAILED");
            assertThat(ledger.item(refusedNoEmail.reminderId()).orElseThrow().get(LedgerAttributes.ERROR_CODE).s())
                    .isEqualTo("no_email:InvalidParameter");
            assertThat(ledger.status(expired.reminderId())).contains("EXPIRED");
            assertThat(front.sentSms()).noneMatch(sms -> sms.phoneNumber().equals(expired.phone()));
            assertThat(ledger.status("bad-phone-1")).contains("REJECTED");
            assertThat(ledger.item("bad-phone-1").orElseThrow().get(LedgerAttributes.ERROR_CODE).s())
                    .isEqualTo("invalid_phone");

            List<Message> deadLetters = Queues.drain(aws, stack.deadLetterQueueUrl());
            assertThat(deadLetters).hasSize(3);
            Message rejected = withReason(deadLetters, "invalid_phone");
            assertThat(rejected.body()).isEqualTo(invalidWithId);
            JsonNode violations = JSON.readTree(rejected.messageAttributes()
                    .get(DeadLetterAttributes.VIOLATIONS).stringValue());
            assertThat(violations.get(0).get("path").asText()).isEqualTo("$.patient.phone");
            assertThat(violations.get(0).get("code").asText()).isEqualTo("invalid_phone");
            Message malformed = withReason(deadLetters, "malformed_json");
            assertThat(malformed.body()).isEqualTo(unreadable);
            assertThat(ledger.status(LedgerAttributes.UNREADABLE_KEY_PREFIX + malformed.messageAttributes()
                    .get(DeadLetterAttributes.SOURCE_MESSAGE_ID).stringValue())).contains("REJECTED");
            assertThat(withReason(deadLetters, "no_email:InvalidParameter").body())
                    .isEqualTo(refusedNoEmail.json());

            String environment = worker.config().environment();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.EMAIL_SENT)).isEqualTo(2.0);
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.FAILED)).isEqualTo(1.0);
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.EXPIRED)).isEqualTo(1.0);
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.REJECTED)).isEqualTo(2.0);
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.SMS_FAILURES)).isEqualTo(2.0);
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.SMS_SENT)).isZero();
            });
        } finally {
            front.clearFaults();
        }
    }

    @Test
    void namesAndPlacesCannotPutMarkupInTheEmail(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front, ProvisionedStack stack) {
        TestReminders hostile = TestReminders.reminder().withEmail()
                .givenName("<script>x</script>")
                .clinicName("A & B \"Family\" Clinic")
                .location("Suite 5, O'Brien <b>Building</b>");
        front.optOut(hostile.phone());
        Queues.send(aws, stack.queueUrl(), hostile.json());
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ledger.status(hostile.reminderId()).filter("EMAIL_SENT"::equals).isPresent());
        }

        SentEmail email = emailTo(front, hostile.email());
        assertThat(email.html())
                .contains("Hi &lt;script&gt;x&lt;/script&gt;,")
                .contains("A &amp; B &quot;Family&quot; Clinic")
                .contains("Suite 5, O&#39;Brien &lt;b&gt;Building&lt;/b&gt;")
                .doesNotContain("<script>", "<b>Building", "\"Family\"");
        // Plain text is not HTML: it shows the values exactly as given.
        assertThat(email.text()).contains("Hi <script>x</script>,").contains("A & B \"Family\" Clinic");
    }

    private static SentEmail emailTo(EmulatorFront front, String address) {
        List<SentEmail> emails = front.sentEmails().stream()
                .filter(email -> email.destinations().contains(address)).toList();
        assertThat(emails).as("emails to %s", address).hasSize(1);
        return emails.get(0);
    }

    private static Message withReason(List<Message> deadLetters, String reason) {
        return deadLetters.stream()
                .filter(m -> reason.equals(m.messageAttributes().get(DeadLetterAttributes.REASON).stringValue()))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter with reason " + reason));
    }
}
