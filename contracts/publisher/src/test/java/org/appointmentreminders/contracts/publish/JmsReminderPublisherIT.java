package org.appointmentreminders.contracts.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(LocalAwsExtension.class)
class JmsReminderPublisherIT {

    @Test
    void sendsValidMessagesAsJmsTextMessagesAndRefusesInvalidOnes(AwsClients aws, ProvisionedStack stack)
            throws Exception {
        List<PublishResult> results;
        try (JmsReminderPublisher publisher = new JmsReminderPublisher(aws.sqs(), stack.spec().queueName())) {
            results = publisher.publish(List.of(
                    PublisherMessages.valid("jms-1"),
                    PublisherMessages.valid("jms-2").replace("\"schemaVersion\":1", "\"schemaVersion\":3"),
                    PublisherMessages.valid("jms-3")));
        }

        assertThat(results).extracting(PublishResult::status).containsExactly(
                PublishResult.Status.SENT, PublishResult.Status.INVALID, PublishResult.Status.SENT);
        assertThat(results.get(1).violations()).extracting("code").containsExactly("unsupported_schema_version");

        List<Message> onQueue = PublisherMessages.drain(aws, stack.queueUrl(), 2);
        assertThat(onQueue).hasSize(2).allSatisfy(message -> {
            assertThat(new ReminderParser().parse(message.body())).isInstanceOf(ParseResult.Valid.class);
            assertThat(message.messageAttributes()).containsKey(ReminderPublisher.SCHEMA_VERSION_ATTRIBUTE);
            assertThat(message.messageAttributes().get(ReminderPublisher.SCHEMA_VERSION_ATTRIBUTE).stringValue())
                    .isEqualTo("1");
        });
        assertThat(onQueue).extracting(Message::body).anyMatch(b -> b.contains("jms-1"))
                .anyMatch(b -> b.contains("jms-3"));
    }
}
