package org.appointmentreminders.worker.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.events.ReminderEvent;
import org.appointmentreminders.contracts.events.ReminderEventJson;
import org.appointmentreminders.contracts.events.ReminderEventSchema;
import org.appointmentreminders.contracts.events.ReminderEventType;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.ehr.PendingEvents;
import org.appointmentreminders.worker.ehr.Take;
import org.appointmentreminders.worker.ehr.ReminderEventPublisher;
import org.appointmentreminders.worker.ehr.ReminderFacts;
import org.appointmentreminders.worker.fakes.FakeSns;
import org.appointmentreminders.worker.fakes.FakeSqs;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.metrics.Metrics;
import org.appointmentreminders.worker.queue.Forwarder;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.Settler;
import org.appointmentreminders.worker.queue.SideQueue;
import org.appointmentreminders.worker.retry.Backoff;
import org.junit.jupiter.api.Test;

/** What becomes of each receipt, against fakes: the ledger's answers are chosen, SQS and SNS are recorded. */
class ReceiptHandlerTest {
    private static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");
    private static final String CONTEXT = "{\"reminderId\":\"appt-1/24h\",\"purpose\":\"reminder\"}";

    private final FakeSqs sqs = new FakeSqs();
    private final FakeSns sns = new FakeSns();
    private final Metrics metrics = new Metrics();
    private final FakeRecords records = new FakeRecords();
    private final Settler settler = new Settler(sqs, "http://receipts");
    private final SideQueue queue = new SideQueue("receipts", settler,
            new Forwarder(sqs, "http://receipts", "http://receipts-dlq", Clock.fixed(NOW, java.time.ZoneOffset.UTC)),
            Backoff.withRandom(new WorkerConfig.Retry(Duration.ofSeconds(30), Duration.ofSeconds(1),
                    Duration.ofHours(1)), () -> 0.0));
    private final ReceiptHandler handler = handler(Optional.of("arn:aws:sns:us-east-1:000000000000:ehr"));

    private ReceiptHandler handler(Optional<String> topic) {
        return new ReceiptHandler(records, new ReminderEventPublisher(sns, records, metrics,
                new WorkerConfig.EhrEvents(topic)), queue, metrics);
    }

    private static InboundMessage message(String body) {
        return message(body, 1);
    }

    private static InboundMessage message(String body, int receiveCount) {
        return new InboundMessage("m-1", "receipt-1", body, receiveCount, NOW, NOW, Map.of());
    }

    private static ReminderFacts facts(List<PendingEvent> pending) {
        return new ReminderFacts("appt-1/24h", "appt-1", "P-1", Optional.of("clinic-a"), pending);
    }

    @Test
    void aDeliveryRecordedTellsTheEhrOnceThenTheReceiptIsDeleted() {
        String body = ReceiptReaderTest.event("TEXT_DELIVERED", true, NOW.toEpochMilli(), CONTEXT);

        handler.handle(message(body)).join();
        settler.close();

        assertThat(records.told).hasSize(1);
        PendingEvent told = records.told.get(0).orElseThrow();
        assertThat(told.type()).isEqualTo("delivered");
        assertThat(sns.published).hasSize(1);
        String json = sns.published.get(0).message();
        assertThat(ReminderEventSchema.validate(json)).isEmpty();
        ReminderEvent event = ReminderEventJson.parse(json);
        assertThat(event.type()).isEqualTo(ReminderEventType.DELIVERED);
        assertThat(event.eventId()).isEqualTo(ReminderEvent.idOf("appt-1/24h", ReminderEventType.DELIVERED,
                "862a8790-60c0-4430-9b2b-658bdexample"));
        assertThat(event.occurredAt()).isEqualTo(NOW);
        assertThat(sns.published.get(0).messageAttributes().get("type").stringValue()).isEqualTo("delivered");
        assertThat(records.cleared).containsExactly(told);
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        assertThat(metrics.drain().count(MetricNames.DELIVERED)).isEqualTo(1);
    }

    @Test
    void anUndeliverableTextTellsTheCarriersReasonAsACode() {
        handler.handle(message(ReceiptReaderTest.event("TEXT_CARRIER_UNREACHABLE", true, 1L, CONTEXT))).join();

        assertThat(records.told.get(0).orElseThrow().reason()).contains("CARRIER_UNREACHABLE");
        assertThat(metrics.drain().count(MetricNames.UNDELIVERABLE)).isEqualTo(1);
    }

    @Test
    void aPendingReceiptTellsNothingAndWithoutATopicNothingIsEverTold() {
        handler.handle(message(ReceiptReaderTest.event("TEXT_PENDING", false, 1L, CONTEXT))).join();
        handler(Optional.empty()).handle(message(ReceiptReaderTest.event("TEXT_DELIVERED", true, 2L, CONTEXT)))
                .join();

        assertThat(records.told).containsExactly(Optional.empty(), Optional.empty());
        assertThat(sns.published).isEmpty();
    }

    @Test
    void aReceiptTheLedgerKnewAlreadyIsDeletedAfterPublishingWhatAnEarlierPassLeft() {
        PendingEvent left = new PendingEvent("delivered", NOW, Optional.of("sms"), Optional.empty(), "text-1");
        records.answer = new DeliveryRecords.Result.Unchanged(facts(List.of(left)));

        handler.handle(message(ReceiptReaderTest.event("TEXT_DELIVERED", true, 1L, CONTEXT))).join();
        settler.close();

        assertThat(sns.published).hasSize(1);
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        assertThat(metrics.drain().count(MetricNames.RECEIPTS_IGNORED)).isEqualTo(1);
    }

    @Test
    void aReceiptBeforeItsTextIsRecordedComesBackInAFewSeconds() {
        records.answer = new DeliveryRecords.Result.NotYetRecorded();

        handler.handle(message(ReceiptReaderTest.event("TEXT_DELIVERED", true, 1L, CONTEXT))).join();
        settler.close();

        assertThat(sqs.visibilityChanges).containsExactly(Map.entry("receipt-1", 5));
        assertThat(sqs.deletedReceiptHandles).isEmpty();
    }

    @Test
    void aReceiptWhoseTextIsStillNotRecordedOnItsSecondReceiveBacksOff() {
        records.answer = new DeliveryRecords.Result.NotYetRecorded();

        handler.handle(message(ReceiptReaderTest.event("TEXT_DELIVERED", true, 1L, CONTEXT), 2)).join();
        settler.close();

        assertThat(sqs.visibilityChanges).containsExactly(Map.entry("receipt-1", 30));
        assertThat(sqs.deletedReceiptHandles).isEmpty();
    }

    @Test
    void anEventThatCannotBePublishedStaysInTheLedgerAndTheRecordedReceiptGoes() {
        sns.failing = true;

        handler.handle(message(ReceiptReaderTest.event("TEXT_DELIVERED", true, 1L, CONTEXT))).join();
        settler.close();

        assertThat(records.cleared).isEmpty();
        assertThat(records.told).singleElement().satisfies(told -> assertThat(told).isPresent());
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        assertThat(sqs.visibilityChanges).isEmpty();
    }

    @Test
    void anUnreadableReceiptGoesToTheDeadLetterQueueWithWhy() {
        handler.handle(message("{\"eventType\":\"TEXT_DELIVERED\"}")).join();
        settler.close();

        assertThat(sqs.sent).singleElement().satisfies(sent -> {
            assertThat(sent.queueUrl()).isEqualTo("http://receipts-dlq");
            assertThat(sent.messageAttributes().get("reminders.reason").stringValue())
                    .isEqualTo("receipt_missing_fields");
        });
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        assertThat(records.told).isEmpty();
    }

    /**
     * Records what it is told and answers Changed with the told event pending, unless told otherwise; the events
     * pending are those of the last answer, until cleared.
     */
    private static final class FakeRecords implements DeliveryRecords, PendingEvents {
        final List<Optional<PendingEvent>> told = new ArrayList<>();
        final List<PendingEvent> cleared = new ArrayList<>();
        DeliveryRecords.Result answer;
        private ReminderFacts pending;

        @Override
        public CompletableFuture<Result> record(DeliveryReceipt receipt, Optional<PendingEvent> tell) {
            told.add(tell);
            Result result = answer != null ? answer : new Result.Changed(facts(tell.map(List::of).orElse(List.of())));
            if (result instanceof Result.Changed changed) {
                pending = changed.facts();
            } else if (result instanceof Result.Unchanged unchanged) {
                pending = unchanged.facts();
            }
            return CompletableFuture.completedFuture(result);
        }

        @Override
        public CompletableFuture<Take> take(String reminderId, java.time.Duration lease) {
            return CompletableFuture.completedFuture(Optional.ofNullable(pending)
                    .filter(facts -> facts.reminderId().equals(reminderId) && !facts.pending().isEmpty())
                    .<Take>map(Take.Taken::new).orElseGet(Take.NothingPending::new));
        }

        @Override
        public CompletableFuture<Boolean> clear(String reminderId, List<PendingEvent> published) {
            cleared.addAll(published);
            pending = null;
            return CompletableFuture.completedFuture(false);
        }
    }
}
