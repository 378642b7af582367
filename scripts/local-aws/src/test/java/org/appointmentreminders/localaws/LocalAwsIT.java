package org.appointmentreminders.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Every emulated service, over real HTTP, through the same SDK clients the worker uses. */
@ExtendWith(LocalAwsExtension.class)
class LocalAwsIT {

    @Test
    void sqsRoundTripCarriesBodyAndAttributes(AwsClients aws, ProvisionedStack stack) {
        aws.sqs().sendMessage(r -> r.queueUrl(stack.queueUrl()).messageBody("{\"hello\":1}")
                .messageAttributes(Map.of("schemaVersion", software.amazon.awssdk.services.sqs.model
                        .MessageAttributeValue.builder().dataType("Number").stringValue("1").build())));

        List<Message> received = aws.sqs().receiveMessage(r -> r.queueUrl(stack.queueUrl()).waitTimeSeconds(5)
                .messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();

        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo("{\"hello\":1}");
            assertThat(message.messageAttributes().get("schemaVersion").stringValue()).isEqualTo("1");
            assertThat(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("1");
        });
        aws.sqs().deleteMessage(r -> r.queueUrl(stack.queueUrl()).receiptHandle(received.get(0).receiptHandle()));
    }

    @Test
    void messageMovesToTheDeadLetterQueueAfterMaxReceiveCountReceives(AwsClients aws) {
        ProvisionedStack stack = new Provisioner(aws).provision(StackSpec.named("t-redrive-" + shortId())
                .withMaxReceiveCount(3).withVisibilityTimeout(Duration.ofSeconds(1)));
        aws.sqs().sendMessage(r -> r.queueUrl(stack.queueUrl()).messageBody("poison"));

        for (int receive = 1; receive <= 3; receive++) {
            List<Message> got = receiveOne(aws, stack.queueUrl());
            assertThat(got).as("receive %d", receive).hasSize(1);
            assertThat(got.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .isEqualTo(Integer.toString(receive));
            // not deleted: it comes back when its 1 s visibility timeout ends
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(receiveOne(aws, stack.queueUrl())).isEmpty();
            assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(stack.deadLetterQueueUrl()).waitTimeSeconds(1))
                    .messages()).extracting(Message::body).containsExactly("poison");
        });
    }

    @Test
    void smsPublishedThroughSnsIsReadBackFromTheEmulator(AwsClients aws, SentMessages sent) {
        String phone = "+14155550" + (100 + (int) (Math.random() * 800));
        String text = "Reminder " + shortId();

        String messageId = aws.sns().publish(r -> r.phoneNumber(phone).message(text)).messageId();

        assertThat(sent.sentSms()).anySatisfy(sms -> {
            assertThat(sms.messageId()).isEqualTo(messageId);
            assertThat(sms.phoneNumber()).isEqualTo(phone);
            assertThat(sms.message()).isEqualTo(text);
        });
    }

    @Test
    void templatedEmailToAVerifiedIdentityIsReadBackWithItsTemplateAndData(AwsClients aws, SentMessages sent) {
        TemplatedEmail mail = sendTemplatedEmail(aws);

        assertThat(sent.sentEmails()).anySatisfy(email -> {
            assertThat(email.messageId()).isEqualTo(mail.messageId());
            assertThat(email.source()).isEqualTo(StackSpec.DEFAULT_SENDER);
            assertThat(email.destinations()).containsExactly(mail.recipient());
            assertThat(email.template()).isEqualTo(mail.template());
            assertThat(email.templateData()).contains("\"name\"").contains("Ana");
        });
    }

    @Test
    void templatedEmailIsReadBackRenderedByTheFront(AwsClients aws, EmulatorFront front) {
        TemplatedEmail mail = sendTemplatedEmail(aws);

        assertThat(front.sentEmails()).anySatisfy(email -> {
            assertThat(email.messageId()).isEqualTo(mail.messageId());
            assertThat(email.subject()).isEqualTo("Visit on Dec 1");
            assertThat(email.text()).isEqualTo("Hello Ana, see you Dec 1.");
            assertThat(email.html()).isEqualTo("<p>Hello Ana, see you Dec 1.</p>");
        });
    }

    private record TemplatedEmail(String template, String recipient, String messageId) {
    }

    /** Provisions a template of its own and sends one email with it. */
    private static TemplatedEmail sendTemplatedEmail(AwsClients aws) {
        String prefix = "t-email-" + shortId();
        new Provisioner(aws).provision(StackSpec.named(prefix).withEmailTemplates(List.of(
                new EmailTemplate(prefix + "-en", "Visit on {{date}}", "Hello {{name}}, see you {{date}}.",
                        "<p>Hello {{name}}, see you {{date}}.</p>"))));
        String recipient = "patient-" + shortId() + "@example.org";
        String messageId = aws.ses().sendTemplatedEmail(r -> r.source(StackSpec.DEFAULT_SENDER)
                .destination(d -> d.toAddresses(recipient))
                .template(prefix + "-en")
                .templateData("{\"name\":\"Ana\",\"date\":\"Dec 1\"}")).messageId();
        return new TemplatedEmail(prefix + "-en", recipient, messageId);
    }

    @Test
    void conditionalPutIsRefusedOnTheSecondWrite(AwsClients aws, ProvisionedStack stack) {
        Map<String, AttributeValue> item = Map.of(
                LedgerTableLayout.PARTITION_KEY, AttributeValue.fromS("r-" + shortId()),
                "status", AttributeValue.fromS("CLAIMED"));
        aws.dynamoDb().putItem(r -> r.tableName(stack.ledgerTable()).item(item)
                .conditionExpression("attribute_not_exists(reminderId)"));

        assertThatThrownBy(() -> aws.dynamoDb().putItem(r -> r.tableName(stack.ledgerTable()).item(item)
                .conditionExpression("attribute_not_exists(reminderId)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void metricWrittenWithTheJavaSdkIsReadBack(AwsClients aws) {
        String namespace = "LocalAwsIT/" + shortId();
        Dimension environment = Dimension.builder().name("Environment").value("test").build();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        aws.cloudWatch().putMetricData(r -> r.namespace(namespace).metricData(
                m -> m.metricName("SmsSent").dimensions(environment).unit(StandardUnit.COUNT).value(3.0)
                        .timestamp(now),
                m -> m.metricName("SmsSent").dimensions(environment).unit(StandardUnit.COUNT).value(4.0)
                        .timestamp(now)));

        List<Datapoint> statistics = aws.cloudWatch().getMetricStatistics(r -> r.namespace(namespace)
                .metricName("SmsSent").dimensions(environment).statistics(Statistic.SUM)
                .startTime(now.minus(5, ChronoUnit.MINUTES)).endTime(now.plus(5, ChronoUnit.MINUTES))
                .period(60)).datapoints();
        assertThat(statistics).singleElement().satisfies(point -> assertThat(point.sum()).isEqualTo(7.0));

        List<MetricDataResult> data = aws.cloudWatch().getMetricData(r -> r
                .startTime(now.minus(5, ChronoUnit.MINUTES)).endTime(now.plus(5, ChronoUnit.MINUTES))
                .metricDataQueries(q -> q.id("sent").metricStat(s -> s.period(60).stat("Sum")
                        .metric(m -> m.namespace(namespace).metricName("SmsSent").dimensions(environment)))))
                .metricDataResults();
        assertThat(data).singleElement().satisfies(result -> {
            assertThat(result.values()).containsExactly(7.0);
            assertThat(result.timestamps()).containsExactly(now);
        });
    }

    @Test
    void injectedSnsThrottlingReachesTheSdkAsAThrottlingError(AwsClients aws, EmulatorFront front) {
        String phone = "+14155550" + (100 + (int) (Math.random() * 800));
        String rule = front.inject(FaultRule.error("sns", "Publish", "Throttling", 400).matching("PhoneNumber", phone));
        try {
            assertThatThrownBy(() -> aws.sns().publish(r -> r.phoneNumber(phone).message("x")))
                    .isInstanceOfSatisfying(SnsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                        assertThat(e.isThrottlingException()).isTrue();
                        assertThat(((SdkServiceException) e).statusCode()).isEqualTo(400);
                    });
            // Another number is not matched by the rule.
            assertThat(aws.sns().publish(r -> r.phoneNumber("+14155550999").message("x")).messageId()).isNotBlank();
        } finally {
            front.removeFault(rule);
        }
        assertThat(aws.sns().publish(r -> r.phoneNumber(phone).message("x")).messageId()).isNotBlank();
    }

    @Test
    void provisioningTwiceChangesNothing(AwsClients aws, ProvisionedStack stack) {
        ProvisionedStack again = new Provisioner(aws).provision(stack.spec());

        assertThat(again).isEqualTo(stack);
    }

    private static List<Message> receiveOne(AwsClients aws, String queueUrl) {
        return aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(2)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
