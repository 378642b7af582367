package org.appointmentreminders.contracts.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
class ReminderPublisherIT {

    @Test
    void sendsValidMessagesInBatchesAndRefusesInvalidOnesUnsent(AwsClients aws, ProvisionedStack stack) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            bodies.add(PublisherMessages.valid("batch-" + i));
        }
        bodies.add(5, PublisherMessages.valid("bad-phone").replace("+14155550123", "555-0123"));
        bodies.add(17, "{not json");

        List<PublishResult> results = new ReminderPublisher(aws.sqs(), stack.queueUrl()).publish(bodies);

        assertThat(results).hasSize(25);
        assertThat(results).extracting(PublishResult::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 25).boxed().toList());
        assertThat(results.get(5).status()).isEqualTo(PublishResult.Status.INVALID);
        assertThat(results.get(5).reminderId()).isEqualTo("bad-phone");
        assertThat(results.get(5).violations()).extracting("code").containsExactly("invalid_phone");
        assertThat(results.get(17).status()).isEqualTo(PublishResult.Status.INVALID);
        assertThat(results.get(17).violations()).extracting("code").containsExactly("malformed_json");
        assertThat(results).filteredOn(r -> r.status() == PublishResult.Status.SENT).hasSize(23)
                .allSatisfy(r -> assertThat(r.sqsMessageId()).isNotBlank());

        List<Message> onQueue = PublisherMessages.drain(aws, stack.queueUrl(), 23);
        assertThat(onQueue).hasSize(23).allSatisfy(message -> {
            assertThat(new ReminderParser().parse(message.body())).isInstanceOf(ParseResult.Valid.class);
            assertThat(message.messageAttributes().get(ReminderPublisher.SCHEMA_VERSION_ATTRIBUTE).stringValue())
                    .isEqualTo("1");
        });
        assertThat(onQueue).extracting(Message::body).noneMatch(body -> body.contains("bad-phone"));
    }

    @Test
    void aQueueThatDoesNotExistFailsEachMessageWithACode(AwsClients aws, ProvisionedStack stack) {
        String missing = stack.queueUrl() + "-does-not-exist";

        List<PublishResult> results = new ReminderPublisher(aws.sqs(), missing)
                .publish(List.of(PublisherMessages.valid("a"), PublisherMessages.valid("b")));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(PublishResult.Status.FAILED);
            assertThat(r.errorCode()).isNotBlank();
        });
    }
}
