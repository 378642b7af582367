package org.appointmentreminders.contracts.publish;

import java.util.ArrayList;
import java.util.List;
import org.appointmentreminders.localaws.AwsClients;
import software.amazon.awssdk.services.sqs.model.Message;

final class PublisherMessages {
    private PublisherMessages() {
    }

    static String valid(String reminderId) {
        return """
                {"schemaVersion":1,"reminderId":"%s",
                 "appointment":{"id":"appt-1","start":"2030-06-03T09:30:00-04:00","timeZone":"America/New_York",
                                "clinicName":"Riverside Clinic"},
                 "patient":{"id":"P-1","givenName":"Ana","phone":"+14155550123"}}
                """.formatted(reminderId);
    }

    /** Receives and deletes until {@code expected} messages came, or the queue stays empty for a few seconds. */
    static List<Message> drain(AwsClients aws, String queueUrl, int expected) {
        List<Message> all = new ArrayList<>();
        int emptyPolls = 0;
        while (all.size() < expected && emptyPolls < 3) {
            List<Message> got = aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")).messages();
            emptyPolls = got.isEmpty() ? emptyPolls + 1 : 0;
            for (Message message : got) {
                aws.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            all.addAll(got);
        }
        return all;
    }
}
