package org.appointmentreminders.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.events.ReminderEvent;
import org.appointmentreminders.contracts.events.ReminderEventJson;
import org.appointmentreminders.contracts.events.ReminderEventSchema;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.ClosedLoop;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.PatientReply;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentSms;
import org.appointmentreminders.localaws.SmsOutcome;
import org.appointmentreminders.localaws.StackSpec;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The loop with the patient over the emulators: texts through End User Messaging SMS, the carrier's receipts, the
 * patient's replies and the events the EHR's queue receives. Each test has a stack of its own, so the EHR queue holds
 * only its events.
 */
@ClosedLoop
@ExtendWith(LocalAwsExtension.class)
class ClosedLoopIT {
    /** Delivery checks come quickly here; in production they wait for the carrier (2 minutes by default). */
    private static final Map<String, Object> SETTINGS = Map.of("delivery-receipts.check-after", "2s",
            "frequency-cap.per-day", 5, "frequency-cap.per-week", 10);

    private static ProvisionedStack stack(AwsClients aws, String purpose) {
        return Stacks.provision(aws, StackSpec.named("loop-" + purpose + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8)).withClosedLoop());
    }

    @Test
    void aTextTheCarrierDeliversBecomesDeliveredAndTheEhrHearsItOnce(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = stack(aws, "delivered");
        TestReminders reminder = TestReminders.reminder().v2(ZonedDateTime.now().minusHours(1).toOffsetDateTime()
                .truncatedTo(ChronoUnit.SECONDS));
        front.setSmsOutcome(reminder.phone(), SmsOutcome.delivered());
        Ledger ledger = new Ledger(aws, stack);
        EhrQueue ehr = new EhrQueue(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, SETTINGS)) {
            Queues.send(aws, stack.queueUrl(), reminder.json());
            await().atMost(Duration.ofSeconds(30)).until(() -> delivery(ledger, reminder).equals("DELIVERED"));
            await().atMost(Duration.ofSeconds(20)).until(() -> ehr.types(reminder).contains("delivered"));
            settle(aws, stack);
        }
        SentSms text = onlyTextTo(front, reminder.phone());
        assertThat(text.context()).containsEntry("reminderId", reminder.reminderId());
        assertThat(text.configurationSetName()).isEqualTo(stack.loop().configurationSetName());
        assertThat(text.originationIdentity()).isEqualTo(stack.loop().originationPhoneNumberArn());
        assertThat(text.timeToLive()).as("seconds until the deadline, at most AWS's 72 h").isBetween(5, 259_200);
        assertThat(text.message()).contains("Reply C to confirm or R to reschedule");
        assertThat(ledger.status(reminder.reminderId())).contains("SMS_SENT");
        assertThat(ehr.types(reminder)).containsExactly("delivered");
        ReminderEvent delivered = ehr.events(reminder).get(0);
        assertThat(delivered.appointmentId()).isEqualTo(reminder.appointmentId());
        assertThat(delivered.channel()).contains("sms");
    }

    @Test
    void aCarrierFailureBeforeTheDeadlineSendsTheEmailAndTellsTheEhr(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = stack(aws, "unreachable");
        TestReminders reminder = TestReminders.reminder().withEmail();
        front.setSmsOutcome(reminder.phone(), SmsOutcome.carrierUnreachable());
        Ledger ledger = new Ledger(aws, stack);
        EhrQueue ehr = new EhrQueue(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, SETTINGS)) {
            Queues.send(aws, stack.queueUrl(), reminder.json());
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    ledger.item(reminder.reminderId()).map(item -> item.containsKey(LedgerAttributes.EMAIL_MESSAGE_ID))
                            .orElse(false));
            await().atMost(Duration.ofSeconds(20)).until(() -> ehr.types(reminder).contains("undeliverable"));
            settle(aws, stack);
        }
        assertThat(delivery(ledger, reminder)).isEqualTo("UNDELIVERABLE");
        assertThat(ledger.item(reminder.reminderId()).orElseThrow().get(LedgerAttributes.DELIVERY_EVENT).s())
                .isEqualTo("TEXT_CARRIER_UNREACHABLE");
        assertThat(front.sentEmails()).filteredOn(email -> email.destinations().contains(reminder.email()))
                .hasSize(1);
        onlyTextTo(front, reminder.phone());
        assertThat(ehr.types(reminder)).containsExactly("undeliverable");
        assertThat(ehr.events(reminder).get(0).reason()).contains("CARRIER_UNREACHABLE");
    }

    @Test
    void duplicatedAndReorderedReceiptsLeaveEachTextsTrueState(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = stack(aws, "receipts");
        TestReminders delivered = TestReminders.reminder();
        TestReminders blocked = TestReminders.reminder();
        front.setSmsOutcome(delivered.phone(), SmsOutcome.delivered().duplicated().outOfOrder());
        front.setSmsOutcome(blocked.phone(), SmsOutcome.blocked().duplicated().outOfOrder());
        Ledger ledger = new Ledger(aws, stack);
        EhrQueue ehr = new EhrQueue(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, SETTINGS)) {
            Queues.send(aws, stack.queueUrl(), List.of(delivered.json(), blocked.json()));
            await().atMost(Duration.ofSeconds(30)).until(() -> delivery(ledger, delivered).equals("DELIVERED")
                    && delivery(ledger, blocked).equals("UNDELIVERABLE"));
            // Every receipt the carrier sent, the late and the repeated ones too, has been read.
            await().atMost(Duration.ofSeconds(30)).until(() -> front.smsEventsScheduled() == 0
                    && Queues.depth(aws, stack.loop().receiptsQueueUrl()) == 0);
            settle(aws, stack);
        }
        assertThat(front.smsEvents()).as("the carrier's receipts: duplicated, and a pending one after the final")
                .filteredOn(event -> event.messageId().equals(onlyTextTo(front, delivered.phone()).messageId()))
                .hasSizeGreaterThan(2);
        assertThat(delivery(ledger, delivered)).isEqualTo("DELIVERED");
        assertThat(delivery(ledger, blocked)).isEqualTo("UNDELIVERABLE");
        assertThat(ehr.types(delivered)).containsExactly("delivered");
        assertThat(ehr.types(blocked)).containsExactly("undeliverable");
        assertThat(Queues.depth(aws, stack.loop().receiptsDeadLetterQueueUrl())).isZero();
    }

    @Test
    void repliesConfirmOrAskToRescheduleInEnglishAndSpanishAndTheEhrHearsEach(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = stack(aws, "replies");
        TestReminders c = TestReminders.reminder();
        TestReminders yes = TestReminders.reminder();
        TestReminders si = TestReminders.reminder().language(Language.ES);
        TestReminders r = TestReminders.reminder();
        List<TestReminders> all = List.of(c, yes, si, r);
        all.forEach(reminder -> front.setSmsOutcome(reminder.phone(), SmsOutcome.delivered()));
        Ledger ledger = new Ledger(aws, stack);
        EhrQueue ehr = new EhrQueue(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, SETTINGS)) {
            Queues.send(aws, stack.queueUrl(), all.stream().map(TestReminders::json).toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> all.stream()
                    .allMatch(reminder -> delivery(ledger, reminder).equals("DELIVERED")));
            front.replyAsPatient(PatientReply.from(c.phone(), "c"));
            front.replyAsPatient(PatientReply.from(yes.phone(), " Yes! "));
            front.replyAsPatient(PatientReply.from(si.phone(), "sí"));
            front.replyAsPatient(PatientReply.from(r.phone(), "R"));
            await().atMost(Duration.ofSeconds(30)).until(() -> all.stream()
                    .allMatch(reminder -> reply(ledger, reminder).isPresent()));
            await().atMost(Duration.ofSeconds(20)).until(() -> ehr.types(r).contains("reschedule-requested")
                    && List.of(c, yes, si).stream().allMatch(reminder -> ehr.types(reminder).contains("confirmed")));
            settle(aws, stack);
        }
        assertThat(List.of(c, yes, si)).allSatisfy(reminder ->
                assertThat(reply(ledger, reminder)).contains("CONFIRMED"));
        assertThat(reply(ledger, r)).contains("RESCHEDULE_REQUESTED");
        assertThat(List.of(c, yes, si)).allSatisfy(reminder ->
                assertThat(ehr.types(reminder)).containsExactly("delivered", "confirmed"));
        assertThat(ehr.types(r)).containsExactly("delivered", "reschedule-requested");
        assertThat(all).allSatisfy(reminder -> onlyTextTo(front, reminder.phone()));
    }

    @Test
    void anUnknownReplyIsRecordedAndAnsweredOnceAndAnUnlinkedReplyFindsThePatientsLatestReminder(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = stack(aws, "unknown");
        TestReminders puzzled = TestReminders.reminder();
        TestReminders earlier = TestReminders.reminder();
        TestReminders latest = TestReminders.reminder().phone(earlier.phone());
        front.setSmsOutcome(puzzled.phone(), SmsOutcome.delivered());
        front.setSmsOutcome(earlier.phone(), SmsOutcome.delivered());
        Ledger ledger = new Ledger(aws, stack);
        EhrQueue ehr = new EhrQueue(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, SETTINGS)) {
            Queues.send(aws, stack.queueUrl(), List.of(puzzled.json(), earlier.json()));
            await().atMost(Duration.ofSeconds(30)).until(() -> delivery(ledger, puzzled).equals("DELIVERED")
                    && delivery(ledger, earlier).equals("DELIVERED"));
            Queues.send(aws, stack.queueUrl(), latest.json());
            await().atMost(Duration.ofSeconds(30)).until(() -> delivery(ledger, latest).equals("DELIVERED"));

            front.replyAsPatient(PatientReply.from(puzzled.phone(), "what time is it again"));
            await().atMost(Duration.ofSeconds(30)).until(() -> reply(ledger, puzzled).isPresent()
                    && textsTo(front, puzzled.phone()).size() == 2);
            front.replyAsPatient(PatientReply.from(puzzled.phone(), "hello?"));
            front.replyAsPatient(PatientReply.from(earlier.phone(), "yes").unlinked());
            await().atMost(Duration.ofSeconds(30)).until(() -> reply(ledger, latest).isPresent()
                    && replyCount(ledger, puzzled) == 2);
            settle(aws, stack);
        }
        assertThat(reply(ledger, puzzled)).contains("UNKNOWN");
        List<SentSms> toPuzzled = textsTo(front, puzzled.phone());
        assertThat(toPuzzled).as("the reminder and one help text, however many unknown replies").hasSize(2);
        assertThat(toPuzzled.get(1).context()).containsEntry("reminderId", puzzled.reminderId())
                .containsEntry("purpose", "reply-answer");
        assertThat(ehr.types(puzzled)).containsExactly("delivered");

        assertThat(reply(ledger, latest)).as("the unlinked reply is the latest reminder's").contains("CONFIRMED");
        assertThat(reply(ledger, earlier)).isEmpty();
        assertThat(ehr.types(latest)).containsExactly("delivered", "confirmed");
    }

    /** Waits until nothing the worker reads is left: the reminder, receipt and reply queues are empty. */
    private static void settle(AwsClients aws, ProvisionedStack stack) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0
                && Queues.depth(aws, stack.loop().receiptsQueueUrl()) == 0
                && Queues.depth(aws, stack.loop().repliesQueueUrl()) == 0);
    }

    private static String delivery(Ledger ledger, TestReminders reminder) {
        return ledger.item(reminder.reminderId()).map(item -> item.get(LedgerAttributes.DELIVERY))
                .map(AttributeValue::s).orElse("");
    }

    private static Optional<String> reply(Ledger ledger, TestReminders reminder) {
        return ledger.item(reminder.reminderId()).map(item -> item.get(LedgerAttributes.REPLY))
                .map(AttributeValue::s);
    }

    private static int replyCount(Ledger ledger, TestReminders reminder) {
        return ledger.item(reminder.reminderId()).map(item -> item.get(LedgerAttributes.REPLY_IDS))
                .map(ids -> ids.ss().size()).orElse(0);
    }

    private static List<SentSms> textsTo(EmulatorFront front, String phone) {
        return front.sentTexts().stream().filter(sms -> sms.phoneNumber().equals(phone)).toList();
    }

    private static SentSms onlyTextTo(EmulatorFront front, String phone) {
        List<SentSms> texts = textsTo(front, phone);
        assertThat(texts).as("texts to the test's number").hasSize(1);
        return texts.get(0);
    }

    /** The EHR's queue, as its integration reads it: every event kept, each checked against the schema. */
    private static final class EhrQueue {
        private final AwsClients aws;
        private final String url;
        private final List<ReminderEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        EhrQueue(AwsClients aws, ProvisionedStack stack) {
            this.aws = aws;
            this.url = stack.loop().ehrSubscriberQueueUrl();
        }

        List<ReminderEvent> events(TestReminders reminder) {
            Queues.drain(aws, url).forEach(message -> {
                assertThat(ReminderEventSchema.validate(message.body())).as("schema problems of %s", message.body())
                        .isEmpty();
                seen.add(ReminderEventJson.parse(message.body()));
            });
            return seen.stream().filter(event -> event.reminderId().equals(reminder.reminderId())).toList();
        }

        List<String> types(TestReminders reminder) {
            return events(reminder).stream().map(event -> event.type().wireName()).toList();
        }
    }
}
