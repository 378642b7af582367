package org.appointmentreminders.worker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.appointmentreminders.contracts.events.ReminderEvent;
import org.appointmentreminders.contracts.events.ReminderEventJson;
import org.appointmentreminders.contracts.events.ReminderEventSchema;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.ClosedLoop;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.FaultRule;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.PatientReply;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SmsOutcome;
import org.appointmentreminders.localaws.StackSpec;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Scenario 9: the loop with the patient under failures. Reminders through End User Messaging SMS with 20% of
 * SendTextMessage calls and 20% of the EHR topic's publishes failing; a tenth of the texts' receipts duplicated and
 * reordered, one in twenty texts undeliverable; a quarter of the patients confirm by reply. Every reminder ends in its one right
 * state, nobody is texted twice, and the EHR's queue gets every event it is owed exactly once.
 */
@ClosedLoop
@ExtendWith(LocalAwsExtension.class)
class ClosedLoopUnderFailuresIT {
    /**
     * The scale is 2,000 reminders and 500 replies (-Dreliability.loop.reminders=2000). CI runs half: every
     * receipt, reply and event here goes through the emulator front's single Python process, which does some 15 calls
     * per reminder and made the full scale take over ten minutes on a 2-core machine.
     */
    private static final int REMINDERS = Integer.getInteger("reliability.loop.reminders", 1_000);
    private static final int REPLIES = REMINDERS / 4;
    private static final int MAX_RECEIVES = 3;

    @Test
    void everyReminderReceiptReplyAndEventEndsRightWithAFifthOfCallsFailing(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) {
        ProvisionedStack stack = Stacks.provision(aws, StackSpec.named("t-loop-20pct-"
                + java.util.UUID.randomUUID().toString().substring(0, 8)).withMaxReceiveCount(MAX_RECEIVES)
                .withClosedLoop());
        List<TestReminders> reminders = new ArrayList<>();
        Set<String> undeliverable = new java.util.HashSet<>();
        for (int i = 0; i < REMINDERS; i++) {
            // Half have an email address, so a text failing through the final receive ends by email or in the DLQ.
            TestReminders reminder = i % 2 == 0 ? TestReminders.reminder().withEmail() : TestReminders.reminder();
            reminders.add(reminder);
            if (i % 10 == 0) {
                front.setSmsOutcome(reminder.phone(), SmsOutcome.delivered().duplicated().outOfOrder());
            } else if (i % 20 == 1) {
                // Undeliverable texts go to patients without an address: they end SMS_SENT, and the EHR is told.
                front.setSmsOutcome(reminder.phone(), SmsOutcome.carrierUnreachable());
                undeliverable.add(reminder.reminderId());
            }
        }
        front.inject(FaultRule.error("sms-voice", "SendTextMessage", "ThrottlingException", 400).withRate(0.1));
        front.inject(FaultRule.error("sms-voice", "SendTextMessage", "InternalServerException", 500)
                .withRate(0.111));
        front.inject(FaultRule.error("sns", "Publish", "InternalError", 500).withRate(0.2));
        Ledger ledger = new Ledger(aws, stack);
        long started = System.nanoTime();

        List<Message> told = new ArrayList<>();
        Map<String, TestReminders> replied = new HashMap<>();
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of("processing.max-in-flight", 32,
                "retry.base-delay", "2s", "delivery-receipts.check-after", "2s", "delivery-receipts.checks", 1))) {
            Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    drained(aws, stack) && worker.worker().inFlight() == 0);

            // 500 patients whose texts arrived confirm, some with their words, some as a bare "C".
            reminders.stream().filter(r -> !undeliverable.contains(r.reminderId()))
                    .filter(r -> ledger.status(r.reminderId()).filter("SMS_SENT"::equals).isPresent())
                    .limit(REPLIES).forEach(r -> replied.put(r.reminderId(), r));
            assertThat(replied).hasSize(REPLIES);
            int n = 0;
            for (TestReminders reminder : replied.values()) {
                front.replyAsPatient(PatientReply.from(reminder.phone(), n++ % 2 == 0 ? "C" : " Yes! "));
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    drained(aws, stack) && replied.keySet().stream().allMatch(id -> reply(ledger, id) != null));
            // The EHR's events are published after their facts are recorded, retried while SNS refuses them.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(ledger.all().stream().filter(item -> item.containsKey(LedgerAttributes.EHR_PENDING))
                            .map(item -> item.get(LedgerAttributes.REMINDER_ID).s() + " "
                                    + item.get(LedgerAttributes.EHR_PENDING).ss() + " leased "
                                    + item.containsKey(LedgerAttributes.EHR_LEASE_UNTIL)).toList())
                            .as("events still pending").isEmpty());
        } finally {
            front.clearFaults();
        }
        told.addAll(Queues.drain(aws, stack.loop().ehrSubscriberQueueUrl()));
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000);

        Reconciliation books = Reconciliation.of(reminders, ledger, front, aws, stack);
        books.assertAgree();
        assertThat(books.count(LedgerStatus.SMS_SENT) + books.count(LedgerStatus.EMAIL_SENT)
                + books.count(LedgerStatus.FAILED)).as("by status: %s", books.byStatus).isEqualTo(REMINDERS);

        Map<String, List<String>> expected = new HashMap<>();
        for (TestReminders reminder : reminders) {
            String id = reminder.reminderId();
            List<String> events = new ArrayList<>();
            switch (books.statusOf.get(id)) {
                case SMS_SENT -> {
                    boolean lost = undeliverable.contains(id);
                    assertThat(delivery(ledger, id)).as("delivery of %s", id)
                            .isEqualTo(lost ? "UNDELIVERABLE" : "DELIVERED");
                    events.add(lost ? "undeliverable" : "delivered");
                    if (replied.containsKey(id)) {
                        assertThat(reply(ledger, id)).as("reply of %s", id).isEqualTo("CONFIRMED");
                        events.add("confirmed");
                    }
                }
                case FAILED -> events.add("failed");
                default -> { }
            }
            expected.put(id, events.stream().sorted().toList());
        }
        Map<String, List<String>> received = new HashMap<>();
        for (Message message : told) {
            assertThat(ReminderEventSchema.validate(message.body())).as("schema problems").isEmpty();
            ReminderEvent event = ReminderEventJson.parse(message.body());
            received.computeIfAbsent(event.reminderId(), id -> new ArrayList<>()).add(event.type().wireName());
        }
        received.replaceAll((id, types) -> types.stream().sorted().toList());
        expected.values().removeIf(List::isEmpty);
        assertThat(received).as("the EHR's events, each reminder's exactly once").isEqualTo(expected);
        long events = expected.values().stream().mapToLong(List::size).sum();

        new ScenarioReport("9-closed-loop-20pct-failures", REMINDERS, "End User Messaging SendTextMessage and the EHR "
                + "topic's SNS Publish fail 20%; 10% of receipts duplicated and reordered; " + REPLIES + " replies")
                .outcomes(books).put("replies", REPLIES).put("ehrEvents", events).put("eventsLost", 0)
                .put("duplicates", 0).put("lost", 0).put("seconds", seconds).write();
    }

    private static boolean drained(AwsClients aws, ProvisionedStack stack) {
        return Queues.depth(aws, stack.queueUrl()) == 0
                && Queues.depth(aws, stack.loop().receiptsQueueUrl()) == 0
                && Queues.depth(aws, stack.loop().repliesQueueUrl()) == 0;
    }

    private static String delivery(Ledger ledger, String reminderId) {
        return ledger.item(reminderId).map(item -> item.get(LedgerAttributes.DELIVERY)).map(AttributeValue::s)
                .orElse(null);
    }

    private static String reply(Ledger ledger, String reminderId) {
        return ledger.item(reminderId).map(item -> item.get(LedgerAttributes.REPLY)).map(AttributeValue::s)
                .orElse(null);
    }
}
