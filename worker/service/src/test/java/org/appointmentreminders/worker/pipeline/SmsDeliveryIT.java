package org.appointmentreminders.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentMessages;
import org.appointmentreminders.localaws.SentSms;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.testing.CloudWatchSums;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalAwsExtension.class)
class SmsDeliveryIT {

    @Test
    void remindersAreTextedInThePatientsLanguageRecordedAndCounted(
            AwsEndpoints endpoints, AwsClients aws, SentMessages sent, ProvisionedStack stack) {
        TestReminders english = TestReminders.reminder().givenName("Ana");
        TestReminders spanish = TestReminders.reminder().givenName("Lucia").language(Language.ES);
        Queues.send(aws, stack.queueUrl(), List.of(english.json(), spanish.json()));
        Ledger ledger = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ledger.status(english.reminderId()).filter("SMS_SENT"::equals).isPresent()
                            && ledger.status(spanish.reminderId()).filter("SMS_SENT"::equals).isPresent());

            SentSms englishSms = smsTo(sent, english.phone());
            assertThat(englishSms.message()).startsWith("Hi Ana, this is a reminder of your appointment at"
                    + " Riverside Clinic on ").contains("Reply STOP");
            assertThat(smsTo(sent, spanish.phone()).message()).startsWith("Hola Lucia, le recordamos su cita en"
                    + " Riverside Clinic el ");

            Map<String, AttributeValue> item = ledger.item(english.reminderId()).orElseThrow();
            assertThat(item.get(LedgerAttributes.CHANNEL).s()).isEqualTo("SMS");
            assertThat(item.get(LedgerAttributes.SMS_MESSAGE_ID).s()).isEqualTo(englishSms.messageId());
            assertThat(item.get(LedgerAttributes.ATTEMPTS).n()).isEqualTo("1");
            assertThat(item.get(LedgerAttributes.SMS_ATTEMPTS).n()).isEqualTo("1");
            assertThat(item.get(LedgerAttributes.MASKED_PHONE).s())
                    .isEqualTo("+1******" + english.phone().substring(english.phone().length() - 4));
            assertThat(item.get(LedgerAttributes.PATIENT_ID).s()).isEqualTo(english.message().patient().id());
            assertThat(Long.parseLong(item.get(LedgerAttributes.EXPIRES_AT).n()))
                    .isGreaterThan(Instant.now().plus(Duration.ofDays(89)).getEpochSecond());
            assertThat(item).doesNotContainKeys(LedgerAttributes.CLAIM_TOKEN, LedgerAttributes.LEASE_UNTIL);
            assertThat(item.values()).extracting(AttributeValue::s)
                    .doesNotContain(english.phone(), englishSms.message(), "Ana");

            String environment = worker.config().environment();
            // Each metric is read on its own, and LocalStack's CloudWatch may show one before another.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.SMS_SENT)).isEqualTo(2.0);
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.SMS_ATTEMPTS)).isEqualTo(2.0);
                assertThat(CloudWatchSums.sum(aws, environment, MetricNames.HEARTBEAT)).isGreaterThanOrEqualTo(1.0);
            });
        }
        assertThat(Queues.depth(aws, stack.queueUrl())).isZero();
    }

    static SentSms smsTo(SentMessages sent, String phone) {
        List<SentSms> texts = sent.sentSms().stream().filter(sms -> sms.phoneNumber().equals(phone)).toList();
        assertThat(texts).as("SMS to the test's number").hasSize(1);
        return texts.get(0);
    }

}
