package org.appointmentreminders.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.pipeline.Decision.LedgerWrite;
import org.appointmentreminders.worker.pipeline.Decision.Settlement;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.QueueFacts;
import org.appointmentreminders.worker.retry.Backoff;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Every path a message can take through the pipeline, decided against fakes: no AWS, no threads, no waiting. */
class ReminderPipelineTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final int FINAL_RECEIVE = 5;
    private static final Duration BACKOFF = Duration.ofSeconds(90);
    /** 07:00 to 21:00 in New York: NOW (noon UTC) is 07:00 there, inside. */
    private static final WorkerConfig.SendWindow WINDOW = new WorkerConfig.SendWindow(LocalTime.of(7, 0),
            LocalTime.of(21, 0), "night-clinic=22:00-23:30", Duration.ofMinutes(15));
    /** Receipts are not read here; the delivery-check tests use their own pipeline. */
    static final WorkerConfig.DeliveryReceipts NO_RECEIPTS = new WorkerConfig.DeliveryReceipts("", "",
            Duration.ofMinutes(2), 4);

    private final FakeLedger ledger = new FakeLedger();
    private final Deque<SendResult> smsResults = new ArrayDeque<>();
    private final Deque<SendResult> emailResults = new ArrayDeque<>();
    private final List<String> optedOut = new ArrayList<>();
    private int smsCalls;
    private int emailCalls;

    /** Receipts read, checks after 2 minutes, 4 of them. */
    static final WorkerConfig.DeliveryReceipts RECEIPTS = new WorkerConfig.DeliveryReceipts("http://receipts",
            "http://receipts-dlq", Duration.ofMinutes(2), 4);
    private static final WorkerConfig.Aws AWS = new WorkerConfig.Aws("us-east-1", new WorkerConfig.Endpoints(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()), Duration.ofSeconds(10), Duration.ofSeconds(3));
    private final List<Instant> sendBys = new ArrayList<>();
    private final ReminderPipeline pipeline = pipeline(NO_RECEIPTS);

    private ReminderPipeline pipeline(WorkerConfig.DeliveryReceipts receipts) {
        return new ReminderPipeline(new ReminderParser(), ledger,
                optedOut::contains,
                (reminder, startBy) -> {
                    smsCalls++;
                    sendBys.add(startBy);
                    return CompletableFuture.completedFuture(smsResults.remove());
                },
                (reminder, startBy) -> {
                    emailCalls++;
                    sendBys.add(startBy);
                    return CompletableFuture.completedFuture(emailResults.remove());
                },
                new SendWindows(WINDOW),
                // Every backoff draws the same delay, so the tests can name it.
                Backoff.withRandom(new WorkerConfig.Retry(BACKOFF, Duration.ofSeconds(1), Duration.ofHours(1)),
                        () -> 0.0),
                new QueueFacts(Duration.ofSeconds(60), FINAL_RECEIVE, "arn:aws:sqs:us-east-1:000000000000:dlq"),
                Clock.fixed(NOW, ZoneOffset.UTC),
                new WorkerConfig.Processing(64, Duration.ofSeconds(20)), WINDOW, receipts, AWS,
                new WorkerConfig.Ledger("ledger", Duration.ofMinutes(2), Duration.ofDays(90)));
    }

    private static String reminder(String email, String sendBefore) {
        return "{\"schemaVersion\":1,\"reminderId\":\"appt-1/24h\",\"appointment\":{\"id\":\"appt-1\","
                + "\"start\":\"2026-12-02T09:30:00-05:00\",\"timeZone\":\"America/New_York\","
                + "\"clinicName\":\"Riverside Clinic\"},\"patient\":{\"id\":\"P-1\",\"givenName\":\"Ana\","
                + "\"phone\":\"+14155550123\"" + (email == null ? "" : ",\"email\":\"" + email + "\"")
                + "},\"sendBefore\":\"" + sendBefore + "\"}";
    }

    private static final TextHold HOLD = new TextHold("#cap/x", "2026-12-01#1");

    private static InboundMessage message(String body, int receiveCount) {
        return new InboundMessage("m-1", "receipt-1", body, receiveCount, NOW.minusSeconds(5), NOW, Map.of());
    }

    private static InboundMessage withEmail(int receiveCount) {
        return message(reminder("ana@example.org", "2026-12-02T08:30:00-05:00"), receiveCount);
    }

    private static InboundMessage withoutEmail(int receiveCount) {
        return message(reminder(null, "2026-12-02T08:30:00-05:00"), receiveCount);
    }

    @Test
    void aTextAcceptedEndsTheReminderAsSmsSent() {
        smsResults.add(new SendResult.Sent("sns-1"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.SMS_SENT);
        assertThat(decision.settlement()).isInstanceOf(Settlement.Delete.class);
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim, Delivery.sms("sns-1")));
        assertThat(decision.sends().sms()).contains(new SendResult.Sent("sns-1"));
        assertThat(decision.sends().email()).isEmpty();
        assertThat(emailCalls).isZero();
    }

    @Test
    void aBrokenMessageGoesToTheDeadLetterQueueWithItsViolationsAndNothingIsClaimed() {
        Decision decision = pipeline.decide(
                message("{\"schemaVersion\":1,\"reminderId\":\"appt-1/24h\"}", 1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(decision.reminderId()).isEqualTo("appt-1/24h");
        assertThat(decision.write()).isInstanceOfSatisfying(LedgerWrite.Rejected.class, rejected -> {
            assertThat(rejected.reminderId()).isEqualTo("appt-1/24h");
            assertThat(rejected.violationCodes()).isNotEmpty();
        });
        assertThat(decision.settlement()).isInstanceOfSatisfying(Settlement.DeadLetter.class,
                deadLetter -> assertThat(deadLetter.violations()).isNotEmpty());
        assertThat(ledger.claims).isZero();
        assertThat(smsCalls).isZero();
    }

    @Test
    void anUnreadableMessageIsRejectedWithoutAReminderId() {
        Decision decision = pipeline.decide(message("not json", 1)).join();

        assertThat(decision.reminderId()).isNull();
        assertThat(decision.write()).isInstanceOfSatisfying(LedgerWrite.Rejected.class,
                rejected -> assertThat(rejected.reminderId()).isNull());
        assertThat(decision.settlement()).isEqualTo(new Settlement.DeadLetter("malformed_json",
                ((Settlement.DeadLetter) decision.settlement()).violations()));
    }

    @Test
    void aReminderThatAlreadyEndedIsADuplicateAndIsDeletedUnsent() {
        ledger.answer = new ClaimResult.AlreadyEnded("SMS_SENT");

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(decision.detail()).isEqualTo("SMS_SENT");
        assertThat(decision.settlement()).isInstanceOf(Settlement.Delete.class);
        assertThat(decision.write()).isInstanceOf(LedgerWrite.None.class);
        assertThat(smsCalls).isZero();
    }

    @Test
    void aClaimHeldElsewhereIsLookedAtAgainAfterTheMessageBudgetThenWhenItsLeaseEnds() {
        ledger.answer = new ClaimResult.HeldElsewhere(NOW.plusSeconds(10));
        Decision soon = pipeline.decide(withEmail(1)).join();
        ledger.answer = new ClaimResult.HeldElsewhere(NOW.plusSeconds(100));
        Decision firstLook = pipeline.decide(withEmail(1)).join();
        Decision secondLook = pipeline.decide(withEmail(2)).join();

        assertThat(soon.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(soon.settlement()).isEqualTo(new Settlement.Postpone(Duration.ofSeconds(12)));
        assertThat(firstLook.settlement()).isEqualTo(new Settlement.Postpone(Duration.ofSeconds(22)));
        assertThat(secondLook.settlement()).as("a look costs a receive: the second waits for the lease")
                .isEqualTo(new Settlement.Postpone(Duration.ofSeconds(102)));
        assertThat(smsCalls).isZero();
    }

    @Test
    void aLedgerThatCannotBeReachedRetriesTheWholeMessageLater() {
        ledger.failClaim = true;

        Decision decision = pipeline.decide(withEmail(2)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(decision.detail()).isEqualTo("unavailable:client_error");
        assertThat(decision.settlement()).isEqualTo(new Settlement.Postpone(BACKOFF));
        assertThat(decision.write()).isInstanceOf(LedgerWrite.None.class);
        assertThat(smsCalls).isZero();
    }

    @Test
    void pastItsDeadlineTheReminderExpiresUnsent() {
        Decision decision = pipeline.decide(
                message(reminder("ana@example.org", "2026-12-01T06:59:59-05:00"), 1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim, Delivery.none()));
        assertThat(decision.settlement()).isInstanceOf(Settlement.Delete.class);
        assertThat(smsCalls).isZero();
    }

    @Test
    void anOptedOutNumberGetsTheEmailAndNoText() {
        optedOut.add("+14155550123");
        emailResults.add(new SendResult.Sent("ses-1"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EMAIL_SENT);
        assertThat(decision.detail()).isEqualTo("opted_out");
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim,
                Delivery.email("ses-1", false, false, "opted_out")));
        assertThat(smsCalls).isZero();
    }

    @Test
    void aNumberRefusedPermanentlyBeforeGetsTheEmailAtOnce() {
        ledger.claim = new Claim("appt-1/24h", "token", true);
        emailResults.add(new SendResult.Sent("ses-1"));

        Decision decision = pipeline.decide(withEmail(2)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EMAIL_SENT);
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim,
                Delivery.email("ses-1", false, true, "sms_failed_permanently_before")));
        assertThat(smsCalls).isZero();
    }

    @Test
    void aPermanentSmsRefusalFallsBackToEmailAtOnce() {
        smsResults.add(new SendResult.Permanent("InvalidParameter"));
        emailResults.add(new SendResult.Sent("ses-1"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EMAIL_SENT);
        assertThat(decision.detail()).isEqualTo("InvalidParameter");
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim,
                Delivery.email("ses-1", true, true, "InvalidParameter"), HOLD));
        assertThat(decision.sends().sms()).contains(new SendResult.Permanent("InvalidParameter"));
        assertThat(decision.sends().email()).contains(new SendResult.Sent("ses-1"));
    }

    @Test
    void aTransientSmsFailureBeforeTheFinalReceiveReleasesTheClaimAndBacksOff() {
        smsResults.add(new SendResult.Transient("Throttling"));

        Decision decision = pipeline.decide(withEmail(FINAL_RECEIVE - 1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(decision.detail()).isEqualTo("Throttling");
        assertThat(decision.write()).as("the text held under the cap is given back").isEqualTo(
                new LedgerWrite.Release(ledger.claim, Delivery.failed("Throttling", true, false), HOLD));
        assertThat(decision.settlement()).isEqualTo(new Settlement.Postpone(BACKOFF));
        assertThat(emailCalls).isZero();
    }

    @Test
    void aThrottledTextBeforeTheFinalReceiveBacksOffLikeAnyTransientFailure() {
        smsResults.add(new SendResult.Throttled("Throttling"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(decision.settlement()).isEqualTo(new Settlement.Postpone(BACKOFF));
        assertThat(emailCalls).isZero();
    }

    @Test
    void aThrottledTextOnTheFinalReceiveIsRequeuedNotSentToEmailOrTheDeadLetterQueue() {
        smsResults.add(new SendResult.Throttled("Throttling"));

        Decision decision = pipeline.decide(withEmail(FINAL_RECEIVE)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(decision.detail()).isEqualTo("requeued:Throttling");
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Release(ledger.claim,
                Delivery.failed("Throttling", true, false), HOLD));
        assertThat(decision.settlement()).isEqualTo(new Settlement.Requeue(BACKOFF));
        assertThat(emailCalls).isZero();
    }

    @Test
    void aThrottledEmailOnTheFinalReceiveIsRequeuedToo() {
        smsResults.add(new SendResult.Permanent("InvalidParameter"));
        emailResults.add(new SendResult.Throttled("Throttling"));

        Decision decision = pipeline.decide(withEmail(FINAL_RECEIVE)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(decision.detail()).isEqualTo("requeued:email:Throttling");
        assertThat(decision.settlement()).isEqualTo(new Settlement.Requeue(BACKOFF));
    }

    @Test
    void aTransientSmsFailureOnTheFinalReceiveFallsBackToEmail() {
        smsResults.add(new SendResult.Transient("Throttling"));
        emailResults.add(new SendResult.Sent("ses-1"));

        Decision decision = pipeline.decide(withEmail(FINAL_RECEIVE)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EMAIL_SENT);
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim,
                Delivery.email("ses-1", true, false, "Throttling"), HOLD));
    }

    @Test
    void withoutAnAddressAPermanentRefusalFailsStraightToTheDeadLetterQueue() {
        smsResults.add(new SendResult.Permanent("InvalidParameter"));

        Decision decision = pipeline.decide(withoutEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(decision.detail()).isEqualTo("no_email:InvalidParameter");
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim,
                Delivery.failed("no_email:InvalidParameter", true, true), HOLD));
        assertThat(decision.settlement()).isEqualTo(
                new Settlement.DeadLetter("no_email:InvalidParameter", List.of()));
        assertThat(emailCalls).isZero();
    }

    @Test
    void withoutAnAddressTheFinalReceiveIsLeftForTheRedrivePolicy() {
        smsResults.add(new SendResult.Transient("InternalError"));

        Decision decision = pipeline.decide(withoutEmail(FINAL_RECEIVE)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(decision.detail()).isEqualTo("no_email:InternalError");
        assertThat(decision.settlement()).isEqualTo(new Settlement.Postpone(Duration.ZERO));
    }

    @Test
    void aTransientEmailFailureBeforeTheFinalReceiveBacksOff() {
        smsResults.add(new SendResult.Permanent("InvalidParameter"));
        emailResults.add(new SendResult.Transient("ServiceUnavailable"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(decision.detail()).isEqualTo("email:ServiceUnavailable");
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Release(ledger.claim,
                Delivery.failed("email:ServiceUnavailable", true, true), HOLD));
        assertThat(decision.settlement()).isEqualTo(new Settlement.Postpone(BACKOFF));
    }

    @Test
    void aTransientEmailFailureOnTheFinalReceiveFailsAndIsLeftForTheRedrivePolicy() {
        smsResults.add(new SendResult.Transient("InternalError"));
        emailResults.add(new SendResult.Transient("ServiceUnavailable"));

        Decision decision = pipeline.decide(withEmail(FINAL_RECEIVE)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(decision.detail()).isEqualTo("email:ServiceUnavailable");
        assertThat(decision.settlement()).isEqualTo(new Settlement.Postpone(Duration.ZERO));
    }

    @Test
    void aPermanentEmailRefusalFailsStraightToTheDeadLetterQueue() {
        smsResults.add(new SendResult.Permanent("InvalidParameter"));
        emailResults.add(new SendResult.Permanent("MessageRejected"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(decision.detail()).isEqualTo("email:MessageRejected");
        assertThat(decision.settlement()).isEqualTo(new Settlement.DeadLetter("email:MessageRejected", List.of()));
    }

    @Test
    void aCancelledAppointmentsReminderEndsCancelledUnsent() {
        ledger.guardAnswer = new GuardResult.Cancelled();

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim, Delivery.none()));
        assertThat(decision.settlement()).isInstanceOf(Settlement.Delete.class);
        assertThat(smsCalls + emailCalls).isZero();
    }

    @Test
    void aReminderForTheOldStartOfAMovedAppointmentEndsStale() {
        ledger.guardAnswer = new GuardResult.Moved();

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.STALE);
        assertThat(smsCalls + emailCalls).isZero();
    }

    @Test
    void aCappedPhoneGetsTheEmailInsteadOfAText() {
        ledger.guardAnswer = new GuardResult.Capped();
        emailResults.add(new SendResult.Sent("ses-1"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EMAIL_SENT);
        assertThat(decision.detail()).isEqualTo("capped");
        assertThat(smsCalls).isZero();
    }

    @Test
    void aCappedPhoneWithoutAnAddressEndsCappedAndIsNotDeadLettered() {
        ledger.guardAnswer = new GuardResult.Capped();

        Decision decision = pipeline.decide(withoutEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.CAPPED);
        assertThat(decision.settlement()).isInstanceOf(Settlement.Delete.class);
        assertThat(smsCalls + emailCalls).isZero();
    }

    @Test
    void onlyATextTakesAPlaceUnderTheCap() {
        optedOut.add("+14155550123");
        emailResults.add(new SendResult.Sent("ses-1"));
        pipeline.decide(withEmail(1)).join();
        optedOut.clear();
        smsResults.add(new SendResult.Sent("sns-1"));
        Decision texted = pipeline.decide(withoutEmail(1)).join();

        assertThat(ledger.guards).as("asked to reserve a text").containsExactly(false, true);
        assertThat(texted.write()).as("a text sent keeps its place")
                .isEqualTo(new LedgerWrite.Final(ledger.claim, Delivery.sms("sns-1")));
    }

    @Test
    void outsideTheWindowTheReminderWaitsAsANewMessageWithoutBeingClaimed() {
        // NOW is 07:00 in New York; the night clinic opens at 22:00, 15 hours later.
        Decision decision = pipeline.decide(message(reminder("ana@example.org", "2026-12-02T08:30:00-05:00")
                .replace("\"clinicName\"", "\"clinicId\":\"night-clinic\",\"updatedAt\":\"2026-11-30T10:00:00-05:00\","
                        + "\"clinicName\"").replace("\"schemaVersion\":1", "\"schemaVersion\":2,\"kind\":\"reminder\""),
                1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.WAITING);
        assertThat(decision.settlement()).as("the longest wait at a time")
                .isEqualTo(new Settlement.Requeue(Duration.ofMinutes(15)));
        assertThat(decision.write()).isInstanceOf(LedgerWrite.None.class);
        assertThat(ledger.claims).isZero();
    }

    @Test
    void aReminderWhoseWindowOpensAfterItsDeadlineExpiresAtOnce() {
        String body = reminder("ana@example.org", "2026-12-01T21:30:00-05:00")
                .replace("\"clinicName\"", "\"clinicId\":\"night-clinic\",\"updatedAt\":\"2026-11-30T10:00:00-05:00\","
                        + "\"clinicName\"").replace("\"schemaVersion\":1", "\"schemaVersion\":2,\"kind\":\"reminder\"");

        Decision decision = pipeline.decide(message(body, 1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(decision.detail()).isEqualTo("window_opens_after_deadline");
        assertThat(smsCalls).isZero();
    }

    @Test
    void anAppointmentChangeIsRecordedAndItsMessageDeleted() {
        String cancel = "{\"schemaVersion\":2,\"kind\":\"appointment-cancelled\",\"changeId\":\"c-1\","
                + "\"appointment\":{\"id\":\"appt-1\",\"updatedAt\":\"2026-12-01T06:00:00-05:00\"}}";

        Decision recorded = pipeline.decide(message(cancel, 1)).join();
        ledger.changeAnswer = ChangeResult.SUPERSEDED;
        Decision superseded = pipeline.decide(message(cancel, 1)).join();

        assertThat(recorded.outcome()).isEqualTo(Outcome.CHANGE_RECORDED);
        assertThat(recorded.reminderId()).isEqualTo("c-1");
        assertThat(recorded.settlement()).isInstanceOf(Settlement.Delete.class);
        assertThat(superseded.outcome()).isEqualTo(Outcome.CHANGE_SUPERSEDED);
        assertThat(ledger.changes).extracting(AppointmentChange::appointmentId).containsExactly("appt-1", "appt-1");
        assertThat(ledger.claims).isZero();
    }

    @Test
    void aSendMustStartEarlyEnoughForItAndItsRecordToEndWithinTheLease() {
        Instant leaseUntil = NOW.plusSeconds(120);
        ledger.claim = new Claim("appt-1/24h", "token", false, null, null, leaseUntil);
        smsResults.add(SendResult.Transient.CLAIM_EXPIRING);
        emailResults.add(new SendResult.Sent("ses-1"));

        pipeline.decide(withEmail(FINAL_RECEIVE)).join();

        // Before the lease ends, one attempt for the send (3 s) and a whole call for its record (10 s).
        assertThat(sendBys).containsOnly(leaseUntil.minusSeconds(13));
    }

    @Test
    void aTextedReminderWithAnEmailAddressComesBackAsADeliveryCheckWhenReceiptsAreRead() {
        smsResults.add(new SendResult.Sent("text-1"));
        smsResults.add(new SendResult.Sent("text-2"));

        Decision withAddress = pipeline(RECEIPTS).decide(withEmail(1)).join();
        Decision withoutAddress = pipeline(RECEIPTS).decide(withoutEmail(1)).join();

        assertThat(withAddress.outcome()).isEqualTo(Outcome.SMS_SENT);
        assertThat(withAddress.settlement()).isEqualTo(new Settlement.CheckDelivery(Duration.ofMinutes(2), 1));
        assertThat(withoutAddress.settlement()).as("nothing to fall back to").isInstanceOf(Settlement.Delete.class);
    }

    @Test
    void aDeliveryCheckBeforeTheReceiptChecksAgainTwiceAsLateAndAtTheLastCheckStops() {
        ledger.answer = new ClaimResult.AlreadyEnded("SMS_SENT", true, false);
        ReminderPipeline withReceipts = pipeline(RECEIPTS);

        Decision second = withReceipts.decide(check(withEmail(1), 1)).join();
        Decision last = withReceipts.decide(check(withEmail(1), 4)).join();

        assertThat(second.outcome()).isEqualTo(Outcome.AWAITING_RECEIPT);
        assertThat(second.settlement()).isEqualTo(new Settlement.CheckDelivery(Duration.ofMinutes(4), 2));
        assertThat(last.outcome()).isEqualTo(Outcome.CHECKED);
        assertThat(last.settlement()).isInstanceOf(Settlement.Delete.class);
        assertThat(smsCalls + emailCalls).isZero();
    }

    @Test
    void aDeliveryCheckThatFindsTheTextDeliveredEndsWithoutSending() {
        ledger.answer = new ClaimResult.AlreadyEnded("SMS_SENT", false, true);

        Decision decision = pipeline(RECEIPTS).decide(check(withEmail(1), 1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.CHECKED);
        assertThat(decision.settlement()).isInstanceOf(Settlement.Delete.class);
        assertThat(decision.eventsPending()).as("events an earlier pass left are published").isTrue();
        assertThat(smsCalls + emailCalls).isZero();
    }

    @Test
    void aReminderWhoseTextDidNotArriveIsEmailedAndNeverTextedAgain() {
        ledger.claim = new Claim("appt-1/24h", "token", false, null, "TEXT_CARRIER_UNREACHABLE", Instant.MAX);
        emailResults.add(new SendResult.Sent("ses-1"));

        Decision decision = pipeline(RECEIPTS).decide(check(withEmail(1), 1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EMAIL_SENT);
        assertThat(decision.detail()).isEqualTo("undeliverable:TEXT_CARRIER_UNREACHABLE");
        assertThat(smsCalls).isZero();
        assertThat(ledger.guards).as("the appointment is still checked, no text is taken").containsExactly(false);
    }

    @Test
    void aDeliveryCheckIgnoresTheSendWindowSinceOnlyAnEmailCanFollow() {
        ledger.answer = new ClaimResult.AlreadyEnded("SMS_SENT", false, false);
        // The night clinic texts from 22:00; it is 07:00 there.
        String night = reminder("ana@example.org", "2026-12-02T08:30:00-05:00")
                .replace("\"clinicName\"", "\"clinicId\":\"night-clinic\",\"updatedAt\":\"2026-11-30T10:00:00-05:00\","
                        + "\"clinicName\"").replace("\"schemaVersion\":1", "\"schemaVersion\":2,\"kind\":\"reminder\"");

        Decision asReminder = pipeline(RECEIPTS).decide(message(night, 1)).join();
        Decision asCheck = pipeline(RECEIPTS).decide(check(message(night, 1), 2)).join();

        assertThat(asReminder.outcome()).isEqualTo(Outcome.WAITING);
        assertThat(asCheck.outcome()).isEqualTo(Outcome.CHECKED);
        assertThat(ledger.claims).as("only the check was looked up").isEqualTo(1);
    }

    @Test
    void aNewReminderClaimedAndGuardedInOneRequestIsTextedWithItsHeldText() {
        ledger.firstAnswer = new FirstClaim(ledger.claim, HOLD);
        smsResults.add(new SendResult.Sent("sns-1"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.SMS_SENT);
        assertThat(decision.write()).isEqualTo(new LedgerWrite.Final(ledger.claim, Delivery.sms("sns-1")));
        assertThat(ledger.newClaims).as("asked to reserve a text").containsExactly(true);
        assertThat(ledger.claims).as("no second claim").isZero();
        assertThat(ledger.guards).as("no second guard").isEmpty();
    }

    @Test
    void aFirstClaimWhoseTextIsNotSentGivesItsHeldTextBack() {
        ledger.firstAnswer = new FirstClaim(ledger.claim, HOLD);
        smsResults.add(new SendResult.Transient("ServiceUnavailable"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(decision.write()).isInstanceOf(LedgerWrite.Release.class);
        assertThat(((LedgerWrite.Release) decision.write()).unusedText()).isEqualTo(HOLD);
    }

    @Test
    void aReminderTheFirstClaimRefusesTakesTheGeneralPathThatTellsWhy() {
        ledger.guardAnswer = new GuardResult.Cancelled();

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(ledger.newClaims).hasSize(1);
        assertThat(ledger.claims).isEqualTo(1);
        assertThat(ledger.guards).containsExactly(true);
        assertThat(smsCalls).isZero();
    }

    @Test
    void aMessageReceivedAgainIsNotTakenForANewReminder() {
        ledger.firstAnswer = new FirstClaim(ledger.claim, HOLD);
        smsResults.add(new SendResult.Sent("sns-1"));

        Decision decision = pipeline.decide(withEmail(2)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.SMS_SENT);
        assertThat(ledger.newClaims).isEmpty();
        assertThat(ledger.claims).isEqualTo(1);
    }

    @Test
    void anUnreachableLedgerOnTheFirstClaimRetriesWithNothingSentOrWritten() {
        ledger.failNewClaim = true;

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(decision.write()).isEqualTo(Decision.NO_WRITE);
        assertThat(decision.settlement()).isEqualTo(new Settlement.Postpone(BACKOFF));
        assertThat(smsCalls + emailCalls).isZero();
        assertThat(ledger.claims).isZero();
    }

    @Test
    void anOptedOutPatientsFirstClaimTakesNoTextAndIsEmailed() {
        ledger.firstAnswer = new FirstClaim(ledger.claim, HOLD);
        optedOut.add("+14155550123");
        emailResults.add(new SendResult.Sent("ses-1"));

        Decision decision = pipeline.decide(withEmail(1)).join();

        assertThat(decision.outcome()).isEqualTo(Outcome.EMAIL_SENT);
        assertThat(ledger.newClaims).containsExactly(false);
        assertThat(smsCalls).isZero();
    }

    private static InboundMessage check(InboundMessage message, int number) {
        return new InboundMessage(message.messageId(), message.receiptHandle(), message.body(),
                message.receiveCount(), message.sentAt(), message.receivedAt(), Map.of(DeliveryCheck.ATTRIBUTE,
                software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder().dataType("String")
                        .stringValue(Integer.toString(number)).build()));
    }

    /** A ledger whose claim answer the test chooses. */
    private static final class FakeLedger implements ReminderLedger {
        Claim claim = new Claim("appt-1/24h", "token", false);
        ClaimResult answer;
        boolean failClaim;
        int claims;
        GuardResult guardAnswer;
        final List<Boolean> guards = new ArrayList<>();
        ChangeResult changeAnswer = ChangeResult.RECORDED;
        final List<AppointmentChange> changes = new ArrayList<>();
        /** The first claim's answer; unset, the reminder is not new and the general path is taken. */
        FirstClaim firstAnswer;
        boolean failNewClaim;
        final List<Boolean> newClaims = new ArrayList<>();

        @Override
        public CompletableFuture<Optional<FirstClaim>> claimNew(ReminderMessage reminder, String sqsMessageId,
                                                                boolean text) {
            newClaims.add(text);
            if (failNewClaim) {
                return CompletableFuture.failedFuture(SdkClientException.create("unreachable"));
            }
            return CompletableFuture.completedFuture(Optional.ofNullable(firstAnswer)
                    .map(first -> text ? first : new FirstClaim(first.claim(), null)));
        }

        @Override
        public CompletableFuture<ClaimResult> claim(ReminderMessage reminder, String sqsMessageId) {
            claims++;
            if (failClaim) {
                return CompletableFuture.failedFuture(SdkClientException.create("unreachable"));
            }
            return CompletableFuture.completedFuture(
                    Optional.ofNullable(answer).orElseGet(() -> new ClaimResult.Claimed(claim)));
        }

        @Override
        public CompletableFuture<GuardResult> guard(Claim claim, ReminderMessage reminder, boolean text) {
            guards.add(text);
            if (guardAnswer != null) {
                return CompletableFuture.completedFuture(guardAnswer);
            }
            return CompletableFuture.completedFuture(new GuardResult.Clear(text ? HOLD : null));
        }

        @Override
        public CompletableFuture<ChangeResult> recordChange(AppointmentChange change) {
            changes.add(change);
            return CompletableFuture.completedFuture(changeAnswer);
        }

        @Override
        public CompletableFuture<Void> recordRejected(String reminderId, String sqsMessageId,
                                                      List<String> violationCodes) {
            throw new AssertionError("the pipeline decides; it does not record");
        }

        @Override
        public CompletableFuture<Boolean> recordFinal(Claim claim, Outcome outcome, Delivery delivery,
                                                      TextHold unusedText,
                                                      Optional<org.appointmentreminders.worker.events.PendingEvent> tell) {
            throw new AssertionError("the pipeline decides; it does not record");
        }

        @Override
        public CompletableFuture<Boolean> release(Claim claim, Delivery delivery, TextHold unusedText) {
            throw new AssertionError("the pipeline decides; it does not record");
        }
    }
}
