package org.appointmentreminders.worker.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.events.ReminderEvent;
import org.appointmentreminders.contracts.events.ReminderEventJson;
import org.appointmentreminders.contracts.events.ReminderEventType;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.delivery.TextContext;
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
import org.appointmentreminders.worker.sms.OutgoingText;
import org.appointmentreminders.worker.sms.SmsRenderer;
import org.appointmentreminders.worker.templates.ReminderTemplates;
import org.junit.jupiter.api.Test;

/** What becomes of each reply, against fakes: the ledger's answers are chosen, texts and publishes recorded. */
class ReplyHandlerTest {
    private static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");

    private final FakeSqs sqs = new FakeSqs();
    private final FakeSns sns = new FakeSns();
    private final Metrics metrics = new Metrics();
    private final FakeRecords records = new FakeRecords();
    private final List<OutgoingText> texts = new ArrayList<>();
    private final Settler settler = new Settler(sqs, "http://replies");
    private final WorkerConfig.Replies replies = new WorkerConfig.Replies("http://replies", "http://replies-dlq", true);
    private final SmsRenderer renderer = new SmsRenderer(new ReminderTemplates(), replies);
    private final ReplyHandler handler = new ReplyHandler(records,
            new ReminderEventPublisher(sns, records, metrics,
                    new WorkerConfig.EhrEvents(Optional.of("arn:aws:sns:us-east-1:000000000000:ehr"))),
            text -> {
                texts.add(text);
                return CompletableFuture.completedFuture(new SendResult.Sent("answer-" + texts.size()));
            },
            renderer,
            new SideQueue("replies", settler, new Forwarder(sqs, "http://replies", "http://replies-dlq",
                    Clock.fixed(NOW, ZoneOffset.UTC)), Backoff.withRandom(new WorkerConfig.Retry(
                    Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1)), () -> 0.0)),
            metrics, Clock.fixed(NOW, ZoneOffset.UTC), replies);

    private static InboundMessage reply(String id, String body, String linkedTo) {
        String payload = "{\"originationNumber\":\"+14155550123\",\"destinationNumber\":\"+12065550100\","
                + "\"messageKeyword\":\"KEYWORD_1\",\"messageBody\":\"" + body + "\",\"inboundMessageId\":\"" + id
                + "\"" + (linkedTo == null ? "" : ",\"previousPublishedMessageId\":\"" + linkedTo + "\"") + "}";
        return new InboundMessage("sqs-" + id, "receipt-" + id, payload, 1, NOW, NOW, Map.of());
    }

    @Test
    void aConfirmationIsRecordedOnTheReminderItAnswersAndToldToTheEhr() {
        handler.handle(reply("in-1", " Yes! ", "text-1")).join();
        settler.close();

        assertThat(records.looked).singleElement().satisfies(looked -> {
            assertThat(looked.previousPublishedMessageId()).contains("text-1");
            assertThat(looked.intent()).isEqualTo(ReplyIntent.CONFIRMED);
        });
        assertThat(sns.published).singleElement().satisfies(published -> {
            ReminderEvent event = ReminderEventJson.parse(published.message());
            assertThat(event.type()).isEqualTo(ReminderEventType.CONFIRMED);
            assertThat(event.eventId()).isEqualTo(ReminderEvent.idOf("appt-1/24h", ReminderEventType.CONFIRMED,
                    "in-1"));
            assertThat(published.message()).doesNotContain("Yes");
        });
        assertThat(texts).isEmpty();
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-in-1");
        assertThat(metrics.drain().count(MetricNames.REPLIES_CONFIRMED)).isEqualTo(1);
    }

    @Test
    void anUnknownReplyIsAnsweredOncePerReminderInItsLanguageAndToldToNobody() {
        records.language = Language.ES;

        handler.handle(reply("in-1", "cuando es", null)).join();
        handler.handle(reply("in-2", "hola?", null)).join();

        assertThat(texts).singleElement().satisfies(answer -> {
            assertThat(answer.phone()).isEqualTo("+14155550123");
            assertThat(answer.purpose()).isEqualTo(TextContext.Purpose.REPLY_ANSWER);
            assertThat(answer.body()).isEqualTo(renderer.replyHelp(Language.ES)).contains("Responda C");
            assertThat(answer.reminderId()).isEqualTo("appt-1/24h");
        });
        assertThat(sns.published).isEmpty();
        assertThat(metrics.drain().count(MetricNames.REPLIES_OTHER)).isEqualTo(2);
    }

    @Test
    void stopIsToldAsAnOptOutAndNeverAnswered() {
        handler.handle(reply("in-1", "STOP", "text-1")).join();

        assertThat(sns.published).singleElement().satisfies(published -> assertThat(
                ReminderEventJson.parse(published.message()).type()).isEqualTo(ReminderEventType.OPTED_OUT));
        assertThat(texts).isEmpty();
    }

    @Test
    void aReplyRecordedBeforeIsNotCountedOrAnsweredAgainButItsEventsArePublished() {
        records.first = false;

        handler.handle(reply("in-1", "whatever", null)).join();

        assertThat(texts).isEmpty();
        assertThat(metrics.drain().count(MetricNames.REPLIES_OTHER)).isZero();
    }

    @Test
    void aReplyThatMatchesNoReminderIsCountedAndDropped() {
        records.found = Optional.empty();

        handler.handle(reply("in-1", "c", null)).join();
        settler.close();

        assertThat(records.recorded).isZero();
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-in-1");
        assertThat(metrics.drain().count(MetricNames.REPLIES_UNMATCHED)).isEqualTo(1);
    }

    @Test
    void whenTheLedgerFailsTheReplyComesBackLater() {
        records.failing = true;

        handler.handle(reply("in-1", "c", null)).join();
        settler.close();

        assertThat(sqs.deletedReceiptHandles).isEmpty();
        assertThat(sqs.visibilityChanges).containsExactly(Map.entry("receipt-in-1", 30));
    }

    @Test
    void whenTheTopicFailsTheRecordedReplyGoesAndItsEventWaitsInTheLedger() {
        sns.failing = true;

        handler.handle(reply("in-1", "c", null)).join();
        settler.close();

        assertThat(records.recorded).isOne();
        assertThat(records.pending).as("the confirmed event, for the publisher's retries").isNotNull();
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-in-1");
    }

    /**
     * Finds appt-1/24h, records every reply as first (unless told), answers each unknown reply only once; the events
     * a record left pending are there to take until cleared.
     */
    private static final class FakeRecords implements ReplyRecords, PendingEvents {
        ReminderFacts pending;
        boolean failing;
        final List<InboundReply> looked = new ArrayList<>();
        Optional<String> found = Optional.of("appt-1/24h");
        boolean first = true;
        boolean answered;
        int recorded;
        Language language = Language.EN;

        @Override
        public CompletableFuture<Optional<String>> findReminder(InboundReply reply) {
            looked.add(reply);
            return CompletableFuture.completedFuture(found);
        }

        @Override
        public CompletableFuture<Recorded> record(String reminderId, InboundReply reply,
                                                  Optional<PendingEvent> tell) {
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("ledger unavailable"));
            }
            recorded++;
            pending = new ReminderFacts(reminderId, "appt-1", "P-1", Optional.empty(),
                    tell.map(List::of).orElse(List.of()));
            return CompletableFuture.completedFuture(new Recorded(first, pending, language));
        }

        @Override
        public CompletableFuture<Boolean> answerOnce(String reminderId) {
            boolean firstTime = !answered;
            answered = true;
            return CompletableFuture.completedFuture(firstTime);
        }

        @Override
        public CompletableFuture<Take> take(String reminderId, java.time.Duration lease) {
            return CompletableFuture.completedFuture(Optional.ofNullable(pending)
                    .filter(facts -> facts.reminderId().equals(reminderId) && !facts.pending().isEmpty())
                    .<Take>map(Take.Taken::new).orElseGet(Take.NothingPending::new));
        }

        @Override
        public CompletableFuture<Boolean> clear(String reminderId, List<PendingEvent> published) {
            if (pending != null && !published.isEmpty()) {
                pending = null;
            }
            return CompletableFuture.completedFuture(pending != null);
        }
    }
}
