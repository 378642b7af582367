package org.appointmentreminders.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.ehr.ReminderEventPublisher;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.fakes.FakeSqs;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.metrics.Metrics;
import org.appointmentreminders.worker.pipeline.Decision.LedgerWrite;
import org.appointmentreminders.worker.pipeline.Decision.Sends;
import org.appointmentreminders.worker.pipeline.Decision.Settlement;
import org.appointmentreminders.worker.queue.DeadLetterAttributes;
import org.appointmentreminders.worker.queue.Forwarder;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.Settler;
import org.appointmentreminders.worker.retry.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Acting on decisions, with the real settling classes over an in-memory queue and a ledger that can fail. */
class DecisionApplierTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration BACKOFF = Duration.ofSeconds(45);
    private static final Claim CLAIM = new Claim("appt-1/24h", "token", false);
    private static final InboundMessage MESSAGE =
            new InboundMessage("m-1", "receipt-1", "{}", 2, NOW.minusSeconds(3), NOW, Map.of());

    private final FakeSqs sqs = new FakeSqs();
    private final RecordingLedger ledger = new RecordingLedger();
    private final Metrics metrics = new Metrics();
    private final Settler settler = new Settler(sqs, new WorkerConfig.Queue("http://q", "http://dlq", 1,
            Duration.ofSeconds(1)));
    private final PendingRecords pending = new PendingRecords(ledger, settler, Clock.fixed(NOW, ZoneOffset.UTC),
            new WorkerConfig.Ledger("ledger", Duration.ofMinutes(2), Duration.ofDays(90)));
    private final DecisionApplier applier = new DecisionApplier(ledger,
            new Forwarder(sqs, new WorkerConfig.Queue("http://q", "http://dlq", 1, Duration.ofSeconds(1)),
                    Clock.fixed(NOW, ZoneOffset.UTC)),
            settler, pending,
            Backoff.withRandom(new WorkerConfig.Retry(BACKOFF, Duration.ofSeconds(1), Duration.ofHours(1)), () -> 0),
            new OutcomeReporter(metrics, Clock.fixed(NOW, ZoneOffset.UTC)), events(), Clock.fixed(NOW, ZoneOffset.UTC));

    /** Events for the EHR are off here: no topic. */
    private ReminderEventPublisher events() {
        return new ReminderEventPublisher(null, null, metrics, new WorkerConfig.EhrEvents(java.util.Optional.empty()));
    }

    @AfterEach
    void stop() {
        pending.close();
        settler.close();
    }

    /** Closing the settler sends what it holds, so the test can read the queue's calls. */
    private void flush() {
        pending.close();
        settler.close();
    }

    @Test
    void aSentReminderIsRecordedThenDeletedAndCounted() {
        Sends sms = Sends.NONE.withSms(new SendResult.Sent("sns-1"));
        applier.apply(MESSAGE, new Decision(Outcome.SMS_SENT, "appt-1/24h", null,
                new LedgerWrite.Final(CLAIM, Delivery.sms("sns-1")), Decision.DELETE, sms)).join();
        flush();

        assertThat(ledger.calls).containsExactly("final SMS_SENT");
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        Metrics.Snapshot counted = metrics.drain();
        assertThat(counted.count(MetricNames.SMS_SENT)).isEqualTo(1);
        assertThat(counted.count(MetricNames.SMS_ATTEMPTS)).isEqualTo(1);
        assertThat(counted.count(MetricNames.SMS_FAILURES)).isZero();
        assertThat(counted.latencyMillis()).containsOnlyKeys(3000L);
    }

    @Test
    void aDeliveryCheckIsAMarkedDelayedCopyAndTheMessageIsDeletedOnceItIsQueued() {
        applier.apply(MESSAGE, new Decision(Outcome.SMS_SENT, "appt-1/24h", null,
                new LedgerWrite.Final(CLAIM, Delivery.sms("text-1")), new Settlement.CheckDelivery(
                        java.time.Duration.ofMinutes(2), 1), Sends.NONE.withSms(new SendResult.Sent("text-1"))))
                .join();
        flush();

        assertThat(sqs.sent).singleElement().satisfies(copy -> {
            assertThat(copy.queueUrl()).isEqualTo("http://q");
            assertThat(copy.delaySeconds()).isEqualTo(120);
            assertThat(copy.messageAttributes().get(DeliveryCheck.ATTRIBUTE).stringValue()).isEqualTo("1");
        });
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
    }

    @Test
    void anExpiredOrFailedReminderTellsTheEhrInItsRecordWhenEventsAreOn() {
        DecisionApplier telling = new DecisionApplier(ledger, new Forwarder(sqs, new WorkerConfig.Queue("http://q",
                "http://dlq", 1, Duration.ofSeconds(1)), Clock.fixed(NOW, ZoneOffset.UTC)), settler, pending,
                Backoff.withRandom(new WorkerConfig.Retry(BACKOFF, Duration.ofSeconds(1), Duration.ofHours(1)),
                        () -> 0), new OutcomeReporter(metrics, Clock.fixed(NOW, ZoneOffset.UTC)),
                new ReminderEventPublisher(new org.appointmentreminders.worker.fakes.FakeSns(), new NoPendingEvents(),
                        metrics, new WorkerConfig.EhrEvents(java.util.Optional.of("arn:aws:sns:us-east-1:0:ehr"))),
                Clock.fixed(NOW, ZoneOffset.UTC));

        telling.apply(MESSAGE, new Decision(Outcome.EXPIRED, "appt-1/24h", null,
                new LedgerWrite.Final(CLAIM, Delivery.none()), Decision.DELETE, Sends.NONE)).join();
        telling.apply(MESSAGE, new Decision(Outcome.FAILED, "appt-1/24h", "no_email:OptedOut",
                new LedgerWrite.Final(CLAIM, Delivery.failed("no_email:OptedOut", true, true)),
                new Settlement.Postpone(Duration.ZERO), Sends.NONE)).join();
        telling.apply(MESSAGE, new Decision(Outcome.SMS_SENT, "appt-1/24h", null,
                new LedgerWrite.Final(CLAIM, Delivery.sms("text-1")), Decision.DELETE, Sends.NONE)).join();

        assertThat(ledger.calls).containsExactly("final EXPIRED telling expired", "final FAILED telling failed",
                "final SMS_SENT");
        assertThat(DecisionApplier.asReasonCode("email:bad value/1")).isEqualTo("email:bad_value_1");
    }

    /** The ledger holds no events for the EHR. */
    private static final class NoPendingEvents implements org.appointmentreminders.worker.ehr.PendingEvents {
        @Override
        public java.util.concurrent.CompletableFuture<org.appointmentreminders.worker.ehr.Take> take(
                String reminderId, java.time.Duration lease) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new org.appointmentreminders.worker.ehr.Take.NothingPending());
        }

        @Override
        public java.util.concurrent.CompletableFuture<Boolean> clear(String reminderId,
                                                                     List<PendingEvent> published) {
            return java.util.concurrent.CompletableFuture.completedFuture(false);
        }
    }

    @Test
    void aRejectedMessageIsRecordedForwardedWithItsReasonThenDeleted() {
        Violation violation = new Violation("$.patient.phone", "invalid_phone", "not E.164");
        applier.apply(MESSAGE, new Decision(Outcome.REJECTED, "appt-1/24h", "invalid_phone",
                new LedgerWrite.Rejected("appt-1/24h", "m-1", List.of("invalid_phone")),
                new Settlement.DeadLetter("invalid_phone", List.of(violation)), Sends.NONE)).join();
        flush();

        assertThat(ledger.calls).containsExactly("rejected appt-1/24h");
        assertThat(sqs.sent).singleElement().satisfies(forwarded -> {
            assertThat(forwarded.queueUrl()).isEqualTo("http://dlq");
            assertThat(forwarded.messageAttributes().get(DeadLetterAttributes.REASON).stringValue())
                    .isEqualTo("invalid_phone");
        });
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        assertThat(metrics.drain().count(MetricNames.REJECTED)).isEqualTo(1);
    }

    @Test
    void aRejectionThatCannotBeRecordedIsRetriedAndNotForwarded() {
        ledger.fail = true;
        applier.apply(MESSAGE, new Decision(Outcome.REJECTED, "appt-1/24h", "invalid_phone",
                new LedgerWrite.Rejected("appt-1/24h", "m-1", List.of("invalid_phone")),
                new Settlement.DeadLetter("invalid_phone", List.of()), Sends.NONE)).join();
        flush();

        assertThat(sqs.sent).isEmpty();
        assertThat(sqs.deletedReceiptHandles).isEmpty();
        assertThat(sqs.visibilityChanges).containsExactly(Map.entry("receipt-1", (int) BACKOFF.toSeconds()));
        assertThat(metrics.drain().count(MetricNames.REJECTED)).isZero();
    }

    @Test
    void aSentReminderWhoseRecordFailsIsKeptTryingAndItsMessageDeletedOnceRecorded() {
        ledger.failures = 1;
        applier.apply(MESSAGE, new Decision(Outcome.SMS_SENT, "appt-1/24h", null,
                new LedgerWrite.Final(CLAIM, Delivery.sms("sns-1")), Decision.DELETE,
                Sends.NONE.withSms(new SendResult.Sent("sns-1")))).join();
        flush();

        assertThat(ledger.calls).as("the failed write, then the pending one").hasSize(2);
        assertThat(sqs.visibilityChanges).as("hidden for the lease meanwhile")
                .containsExactly(Map.entry("receipt-1", 120));
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        assertThat(metrics.drain().count(MetricNames.SMS_SENT)).isEqualTo(1);
    }

    @Test
    void aReleaseThatFailsStillRetriesTheMessageAndCountsTheSmsRetry() {
        ledger.fail = true;
        applier.apply(MESSAGE, new Decision(Outcome.RETRY, "appt-1/24h", "Throttling",
                new LedgerWrite.Release(CLAIM, Delivery.failed("Throttling", true, false)),
                new Settlement.Postpone(Duration.ofSeconds(30)),
                Sends.NONE.withSms(new SendResult.Transient("Throttling")))).join();
        flush();

        assertThat(sqs.visibilityChanges).containsExactly(Map.entry("receipt-1", (int) BACKOFF.toSeconds()));
        Metrics.Snapshot counted = metrics.drain();
        assertThat(counted.count(MetricNames.SMS_RETRIES)).isEqualTo(1);
        assertThat(counted.count(MetricNames.SMS_FAILURES)).isEqualTo(1);
        assertThat(counted.latencyMillis()).as("a retry is not an outcome").isEmpty();
    }

    @Test
    void aFailureWithAnEmailAttemptCountsTheEmailFailureAndNoSmsRetry() {
        applier.apply(MESSAGE, new Decision(Outcome.FAILED, "appt-1/24h", "email:MessageRejected",
                new LedgerWrite.Final(CLAIM, Delivery.failed("email:MessageRejected", true, true)),
                new Settlement.DeadLetter("email:MessageRejected", List.of()),
                Sends.NONE.withSms(new SendResult.Permanent("InvalidParameter"))
                        .withEmail(new SendResult.Permanent("MessageRejected")))).join();
        flush();

        assertThat(ledger.calls).containsExactly("final FAILED");
        assertThat(sqs.sent).hasSize(1);
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        Metrics.Snapshot counted = metrics.drain();
        assertThat(counted.count(MetricNames.FAILED)).isEqualTo(1);
        assertThat(counted.count(MetricNames.EMAIL_FAILURES)).isEqualTo(1);
        assertThat(counted.count(MetricNames.SMS_RETRIES)).isZero();
    }

    @Test
    void aRequeuedMessageGoesBackAsANewDelayedMessageThenIsDeleted() {
        applier.apply(MESSAGE, new Decision(Outcome.RETRY, "appt-1/24h", "requeued:Throttling",
                new LedgerWrite.Release(CLAIM, Delivery.failed("Throttling", true, false)),
                new Settlement.Requeue(Duration.ofHours(1)),
                Sends.NONE.withSms(new SendResult.Throttled("Throttling")))).join();
        flush();

        assertThat(ledger.calls).containsExactly("release");
        assertThat(sqs.sent).singleElement().satisfies(copy -> {
            assertThat(copy.queueUrl()).isEqualTo("http://q");
            assertThat(copy.messageBody()).isEqualTo(MESSAGE.body());
            assertThat(copy.delaySeconds()).as("SQS delays 15 minutes at most").isEqualTo(900);
        });
        assertThat(sqs.deletedReceiptHandles).containsExactly("receipt-1");
        assertThat(metrics.drain().count(MetricNames.SMS_RETRIES)).isEqualTo(1);
    }

    @Test
    void aPostponedMessageIsHiddenWithinWhatSqsAllows() {
        applier.apply(MESSAGE, new Decision(Outcome.DEFERRED, "appt-1/24h", "claimed_elsewhere",
                Decision.NO_WRITE, new Settlement.Postpone(Duration.ofHours(13)), Sends.NONE)).join();
        flush();

        assertThat(sqs.visibilityChanges).containsExactly(Map.entry("receipt-1", 12 * 3600 - 60));
        assertThat(ledger.calls).isEmpty();
    }

    /** Records each write; fails all of them, or the first few. */
    private static final class RecordingLedger implements ReminderLedger {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean fail;
        volatile int failures;

        private <T> CompletableFuture<T> answer(T value) {
            if (fail || failures-- > 0) {
                return CompletableFuture.failedFuture(SdkClientException.create("unreachable"));
            }
            return CompletableFuture.completedFuture(value);
        }

        @Override
        public CompletableFuture<ClaimResult> claim(ReminderMessage reminder, String sqsMessageId) {
            throw new AssertionError("the applier does not claim");
        }

        @Override
        public CompletableFuture<java.util.Optional<FirstClaim>> claimNew(ReminderMessage reminder,
                                                                        String sqsMessageId, boolean text) {
            throw new AssertionError("the applier does not claim");
        }

        @Override
        public CompletableFuture<Void> recordRejected(String reminderId, String sqsMessageId,
                                                      List<String> violationCodes) {
            calls.add("rejected " + reminderId);
            return answer(null);
        }

        @Override
        public CompletableFuture<GuardResult> guard(Claim claim, ReminderMessage reminder, boolean text) {
            throw new AssertionError("the applier does not guard");
        }

        @Override
        public CompletableFuture<ChangeResult> recordChange(org.appointmentreminders.contracts.AppointmentChange c) {
            throw new AssertionError("the applier does not record changes");
        }

        @Override
        public CompletableFuture<Boolean> recordFinal(Claim claim, Outcome outcome, Delivery delivery,
                                                      TextHold unusedText,
                                                      java.util.Optional<PendingEvent> tell) {
            calls.add("final " + outcome + (unusedText == null ? "" : " giving back " + unusedText.slot())
                    + tell.map(event -> " telling " + event.type()).orElse(""));
            return answer(true);
        }

        @Override
        public CompletableFuture<Boolean> release(Claim claim, Delivery delivery, TextHold unusedText) {
            calls.add(unusedText == null ? "release" : "release giving back " + unusedText.slot());
            return answer(true);
        }
    }
}
