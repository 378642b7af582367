package org.appointmentreminders.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationExceptionReason;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The closed loop with the patient as a worker test gets it: End User Messaging SMS through the Java SDK, the
 * carrier's events in the receipts queue (raw, as the worker's ReceiptReader reads them), patients' replies in the
 * replies queue (in their SNS notification) and the EHR events topic's subscriber queue, over real HTTP.
 */
@ExtendWith(LocalAwsExtension.class)
@ClosedLoop
class ClosedLoopIT {
    private static final Duration PENDING_AFTER = Duration.ofMillis(20);
    private static final Duration FINAL_AFTER = Duration.ofMillis(100);
    private static final AtomicInteger PHONES = new AtomicInteger(ThreadLocalRandom.current().nextInt(10_000));

    @Test
    void theStackTellsAWorkerEverythingItNeedsForTheClosedLoop(AwsEndpoints endpoints, ProvisionedStack stack) {
        ProvisionedStack.ClosedLoop loop = stack.loop();

        assertThat(endpoints.asEnvironment()).containsEntry(AwsEndpoints.SMS_VOICE_VARIABLE,
                endpoints.front().orElseThrow().toString());
        assertThat(stack.asEnvironment())
                .containsEntry("REMINDERS_SMS_CHANNEL", "end-user-messaging")
                .containsEntry("REMINDERS_SMS_CONFIGURATION_SET", loop.configurationSetName())
                .containsEntry("REMINDERS_SMS_ORIGINATION_IDENTITY", loop.originationPhoneNumberArn())
                .containsEntry("REMINDERS_DELIVERY_RECEIPTS_QUEUE_URL", loop.receiptsQueueUrl())
                .containsEntry("REMINDERS_DELIVERY_RECEIPTS_DEAD_LETTER_URL", loop.receiptsDeadLetterQueueUrl())
                .containsEntry("REMINDERS_REPLIES_QUEUE_URL", loop.repliesQueueUrl())
                .containsEntry("REMINDERS_REPLIES_DEAD_LETTER_URL", loop.repliesDeadLetterQueueUrl())
                .containsEntry("REMINDERS_EHR_EVENTS_TOPIC_ARN", loop.ehrEventsTopicArn());
        assertThat(AwsEndpoints.fromSettings(endpoints.asEnvironment())).contains(endpoints);
    }

    @Test
    void sendTextMessageAnswersAMessageIdAndIsReadBackWithItsContextAndIdentity(AwsClients aws, EmulatorFront front,
                                                                                ProvisionedStack stack) {
        String phone = phone();
        String reminderId = "r-" + shortId();

        String messageId = send(aws, stack, phone, reminderId);

        assertThat(messageId).matches("[0-9a-f-]{36}");
        assertThat(front.sentTexts()).filteredOn(text -> text.messageId().equals(messageId)).singleElement()
                .satisfies(text -> {
                    assertThat(text.viaEndUserMessaging()).isTrue();
                    assertThat(text.phoneNumber()).isEqualTo(phone);
                    assertThat(text.reminderId()).contains(reminderId);
                    assertThat(text.context()).containsEntry("purpose", "reminder");
                    assertThat(text.originationIdentity()).isEqualTo(stack.loop().originationPhoneNumberArn());
                    assertThat(text.originationNumber()).isEqualTo(stack.loop().originationNumber());
                    assertThat(text.configurationSetName()).isEqualTo(stack.loop().configurationSetName());
                    assertThat(text.timeToLive()).isEqualTo(3600);
                    assertThat(text.maxPrice()).isEqualTo("0.50");
                    assertThat(text.outcome()).isEqualTo("delivered");
                });
    }

    @Test
    void aTextWithoutDestinationIsAValidationExceptionWithStatus400(AwsClients aws, ProvisionedStack stack) {
        assertThatThrownBy(() -> aws.smsVoice().sendTextMessage(r -> r.messageBody("x")
                .originationIdentity(stack.loop().originationPhoneNumberArn())))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
                    assertThat(e.fields()).singleElement()
                            .satisfies(field -> assertThat(field.name()).isEqualTo("DestinationPhoneNumber"));
                });
    }

    @Test
    void deliveredIsAPendingThenAFinalDeliveredReceiptEchoingTheContext(AwsClients aws, EmulatorFront front,
                                                                       ProvisionedStack stack) {
        String phone = phone();
        String reminderId = "r-" + shortId();
        front.setSmsOutcome(phone, SmsOutcome.delivered().timed(PENDING_AFTER, FINAL_AFTER));

        String messageId = send(aws, stack, phone, reminderId);

        List<JsonNode> receipts = receipts(aws, stack, messageId, 2);
        assertThat(receipts).extracting(r -> r.path("eventType").asText())
                .containsExactly("TEXT_PENDING", "TEXT_DELIVERED");
        assertThat(receipts).extracting(r -> r.path("isFinal").asBoolean()).containsExactly(false, true);
        assertThat(receipts).allSatisfy(receipt -> {
            assertThat(receipt.path("eventTimestamp").canConvertToLong()).isTrue();
            assertThat(receipt.path("context").path("reminderId").asText()).isEqualTo(reminderId);
            assertThat(receipt.path("context").path("purpose").asText()).isEqualTo("reminder");
            assertThat(receipt.path("destinationPhoneNumber").asText()).isEqualTo(phone);
            assertThat(receipt.path("originationPhoneNumber").asText()).isEqualTo(stack.loop().originationNumber());
            assertThat(receipt.path("eventVersion").asText()).isEqualTo("1.0");
        });
        assertThat(front.smsEvents()).filteredOn(event -> event.messageId().equals(messageId))
                .extracting(SmsEvent::eventType, SmsEvent::isFinal, SmsEvent::topicArn)
                .containsExactly(Tuple.tuple("TEXT_PENDING", false, stack.loop().receiptsTopicArn()),
                        Tuple.tuple("TEXT_DELIVERED", true, stack.loop().receiptsTopicArn()));
    }

    @Test
    void eachCarrierFailureEndsWithItsDocumentedEvent(AwsClients aws, EmulatorFront front, ProvisionedStack stack) {
        Map<SmsOutcome, List<String>> expected = Map.of(
                SmsOutcome.carrierUnreachable(), List.of("TEXT_PENDING", "TEXT_CARRIER_UNREACHABLE"),
                SmsOutcome.blocked(), List.of("TEXT_BLOCKED"),
                SmsOutcome.ttlExpired(), List.of("TEXT_PENDING", "TEXT_TTL_EXPIRED"));
        expected.forEach((outcome, events) -> {
            String phone = phone();
            front.setSmsOutcome(phone, outcome.timed(PENDING_AFTER, FINAL_AFTER));

            String messageId = send(aws, stack, phone, "r-" + shortId());

            assertThat(receipts(aws, stack, messageId, events.size()))
                    .as(outcome.outcome()).extracting(r -> r.path("eventType").asText())
                    .containsExactlyElementsOf(events);
        });
    }

    @Test
    void duplicatedReceiptsComeTwiceEach(AwsClients aws, EmulatorFront front, ProvisionedStack stack) {
        String phone = phone();
        front.setSmsOutcome(phone, SmsOutcome.delivered().duplicated().timed(PENDING_AFTER, FINAL_AFTER));

        String messageId = send(aws, stack, phone, "r-" + shortId());

        assertThat(receipts(aws, stack, messageId, 4)).extracting(r -> r.path("eventType").asText())
                .containsExactly("TEXT_PENDING", "TEXT_PENDING", "TEXT_DELIVERED", "TEXT_DELIVERED");
    }

    @Test
    void outOfOrderReceiptsBringTheFinalOneBeforeTheOlderPendingOne(AwsClients aws, EmulatorFront front,
                                                                   ProvisionedStack stack) {
        String phone = phone();
        front.setSmsOutcome(phone, SmsOutcome.delivered().outOfOrder().timed(PENDING_AFTER, FINAL_AFTER));

        String messageId = send(aws, stack, phone, "r-" + shortId());

        List<JsonNode> receipts = receipts(aws, stack, messageId, 2);
        assertThat(receipts).extracting(r -> r.path("eventType").asText())
                .containsExactly("TEXT_DELIVERED", "TEXT_PENDING");
        assertThat(receipts.get(1).path("eventTimestamp").asLong())
                .isLessThan(receipts.get(0).path("eventTimestamp").asLong());
    }

    @Test
    void aDelayedReceiptComesThatMuchLater(AwsClients aws, EmulatorFront front, ProvisionedStack stack) {
        String phone = phone();
        front.setSmsOutcome(phone, SmsOutcome.carrierUnreachable().delayedBy(Duration.ofSeconds(2))
                .timed(PENDING_AFTER, FINAL_AFTER));
        long sent = System.currentTimeMillis();

        String messageId = send(aws, stack, phone, "r-" + shortId());

        List<JsonNode> receipts = receipts(aws, stack, messageId, 2);
        assertThat(receipts).extracting(r -> r.path("eventType").asText())
                .containsExactly("TEXT_PENDING", "TEXT_CARRIER_UNREACHABLE");
        assertThat(receipts.get(1).path("eventTimestamp").asLong() - receipts.get(1)
                .path("messageRequestTimestamp").asLong()).isEqualTo(2_100);
        assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void aReplyReachesTheRepliesQueueInTheDocumentedFormatLinkedToTheTextItAnswers(
            AwsClients aws, EmulatorFront front, ProvisionedStack stack) {
        String phone = phone();
        String messageId = send(aws, stack, phone, "r-" + shortId());

        InboundSms reply = front.replyAsPatient(phone, " Yes! ");

        assertThat(reply.previousPublishedMessageId()).isEqualTo(messageId);
        assertThat(reply.topicArn()).isEqualTo(stack.loop().repliesTopicArn());
        JsonNode envelope = replyFor(aws, stack, reply.inboundMessageId());
        assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.path("TopicArn").asText()).isEqualTo(stack.loop().repliesTopicArn());
        assertThat(envelope.path("Timestamp").asText()).isNotBlank();
        JsonNode payload = parse(envelope.path("Message").asText());
        assertThat(payload.path("originationNumber").asText()).isEqualTo(phone);
        assertThat(payload.path("destinationNumber").asText()).isEqualTo(stack.loop().originationNumber());
        assertThat(payload.path("messageBody").asText()).isEqualTo(" Yes! ");
        assertThat(payload.path("messageKeyword").asText()).startsWith("KEYWORD_");
        assertThat(payload.path("previousPublishedMessageId").asText()).isEqualTo(messageId);
        assertThat(payload).isEqualTo(reply.payload());
    }

    @Test
    void aReplyMayComeWithoutPreviousPublishedMessageId(AwsClients aws, EmulatorFront front, ProvisionedStack stack) {
        String phone = phone();
        send(aws, stack, phone, "r-" + shortId());

        InboundSms reply = front.replyAsPatient(PatientReply.from(phone, "c").to(stack.loop().originationNumber())
                .unlinked());

        assertThat(reply.previousPublishedMessageId()).isNull();
        JsonNode payload = parse(replyFor(aws, stack, reply.inboundMessageId()).path("Message").asText());
        assertThat(payload.has("previousPublishedMessageId")).isFalse();
        assertThat(payload.path("messageBody").asText()).isEqualTo("c");
    }

    @Test
    void stopOptsThePatientOutAndTheNextTextIsRefused(AwsClients aws, EmulatorFront front, ProvisionedStack stack) {
        String phone = phone();
        send(aws, stack, phone, "r-" + shortId());

        InboundSms reply = front.replyAsPatient(phone, "STOP");

        assertThat(reply.optedOut()).isTrue();
        assertThat(parse(replyFor(aws, stack, reply.inboundMessageId()).path("Message").asText())
                .path("messageKeyword").asText()).isEqualTo("STOP");
        assertThatThrownBy(() -> send(aws, stack, phone, "r-" + shortId()))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.reasonAsString()).isEqualTo("DESTINATION_PHONE_NUMBER_OPTED_OUT");
                    assertThat(e.getMessage()).doesNotContain(phone.substring(2));
                });
    }

    @Test
    void ehrEventsPublishedToTheTopicReachItsSubscriberQueueAsTheyAre(AwsClients aws, ProvisionedStack stack) {
        String event = "{\"version\":1,\"type\":\"confirmed\",\"reminderId\":\"r-" + shortId() + "\"}";

        aws.sns().publish(r -> r.topicArn(stack.loop().ehrEventsTopicArn()).message(event));

        List<String> bodies = new ArrayList<>();
        long until = System.currentTimeMillis() + 10_000;
        while (!bodies.contains(event) && System.currentTimeMillis() < until) {
            for (Message message : receive(aws, stack.loop().ehrSubscriberQueueUrl())) {
                bodies.add(message.body());
            }
        }
        assertThat(bodies).contains(event);
    }

    @Test
    void provisioningAClosedLoopTwiceChangesNothingAndSubscribesNothingTwice(AwsClients aws, EmulatorFront front,
                                                                             ProvisionedStack stack) {
        ProvisionedStack again = new Provisioner(aws).provision(stack.spec());
        assertThat(again).isEqualTo(stack);

        String phone = phone();
        front.setSmsOutcome(phone, SmsOutcome.blocked().timed(PENDING_AFTER, FINAL_AFTER));
        String messageId = send(aws, stack, phone, "r-" + shortId());

        assertThat(receipts(aws, stack, messageId, 1)).extracting(r -> r.path("eventType").asText())
                .containsExactly("TEXT_BLOCKED");
    }

    // ----------------------------------------------------------------------------------------------------------------

    /** Sends as the worker does: transactional, with the reminderId in the Context, through the configuration set. */
    private static String send(AwsClients aws, ProvisionedStack stack, String phone, String reminderId) {
        return aws.smsVoice().sendTextMessage(r -> r.destinationPhoneNumber(phone)
                .messageBody("Reminder: Dr. Rivera tomorrow at 9:00. Reply C to confirm, R to reschedule.")
                .messageType(MessageType.TRANSACTIONAL)
                .configurationSetName(stack.loop().configurationSetName())
                .originationIdentity(stack.loop().originationPhoneNumberArn())
                .context(Map.of("reminderId", reminderId, "purpose", "reminder"))
                .timeToLive(3600)
                .maxPrice("0.50")).messageId();
    }

    /**
     * The receipts of one text, in the order they reach the receipts queue, once {@code count} have and a second more
     * brought no other. Receipts of other texts (earlier tests') are taken off the queue and ignored.
     */
    private static List<JsonNode> receipts(AwsClients aws, ProvisionedStack stack, String messageId, int count) {
        List<JsonNode> found = new ArrayList<>();
        long until = System.currentTimeMillis() + 10_000;
        while (found.size() < count && System.currentTimeMillis() < until) {
            collect(aws, stack, messageId, found);
        }
        long quiet = System.currentTimeMillis() + 1_000;
        while (System.currentTimeMillis() < quiet) {
            collect(aws, stack, messageId, found);
        }
        assertThat(found).as("receipts of %s", messageId).hasSize(count);
        return found;
    }

    private static void collect(AwsClients aws, ProvisionedStack stack, String messageId, List<JsonNode> found) {
        for (Message message : receive(aws, stack.loop().receiptsQueueUrl())) {
            JsonNode receipt = parse(message.body());
            if (receipt.path("messageId").asText().equals(messageId)) {
                found.add(receipt);
            }
        }
    }

    /** The SNS notification that carried this reply into the replies queue. */
    private static JsonNode replyFor(AwsClients aws, ProvisionedStack stack, String inboundMessageId) {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            for (Message message : receive(aws, stack.loop().repliesQueueUrl())) {
                JsonNode envelope = parse(message.body());
                if (parse(envelope.path("Message").asText()).path("inboundMessageId").asText()
                        .equals(inboundMessageId)) {
                    return envelope;
                }
            }
        }
        throw new AssertionError("reply " + inboundMessageId + " never reached the replies queue");
    }

    /** One receive (short wait), every message deleted. */
    private static List<Message> receive(AwsClients aws, String queueUrl) {
        List<Message> messages = aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        for (Message message : messages) {
            aws.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return messages;
    }

    private static JsonNode parse(String json) {
        try {
            return JsonHttp.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** A US number in the 555 exchange, a different one for every call (the opt-out list outlives a test). */
    private static String phone() {
        return "+1415555" + String.format("%04d", PHONES.getAndIncrement() % 10_000);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
