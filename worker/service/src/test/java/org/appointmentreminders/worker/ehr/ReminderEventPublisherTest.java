package org.appointmentreminders.worker.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.events.ReminderEventJson;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.fakes.FakeSns;
import org.appointmentreminders.worker.metrics.Metrics;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

class ReminderEventPublisherTest {
    private static final PendingEvent DELIVERED = new PendingEvent("delivered", Instant.parse("2026-12-02T10:00:00Z"),
            Optional.of("sms"), Optional.empty(), "sms-1");
    private static final PendingEvent CONFIRMED = new PendingEvent("confirmed", Instant.parse("2026-12-02T10:05:00Z"),
            Optional.of("sms"), Optional.empty(), "reply-1");

    private final HeldSns sns = new HeldSns();
    private final LeasedEvents ledger = new LeasedEvents();
    private final ReminderEventPublisher publisher = new ReminderEventPublisher(sns, ledger, new Metrics(),
            new WorkerConfig.EhrEvents(Optional.of("arn:aws:sns:us-east-1:000000000000:ehr")));

    @Test
    void passesThatMeetWhileOneIsPublishingPublishEachEventOnce() {
        ledger.pending.addAll(List.of(DELIVERED, CONFIRMED));

        CompletableFuture<Void> first = publisher.publishPending("appt-1/24h");
        CompletableFuture<Void> duplicateReceipt = publisher.publishPending("appt-1/24h");
        CompletableFuture<Void> reply = publisher.publish(ledger.facts());
        sns.release();

        CompletableFuture.allOf(first, duplicateReceipt, reply).join();
        assertThat(sns.published).extracting(request -> ReminderEventJson.parse(request.message()).type().wireName())
                .containsExactlyInAnyOrder("delivered", "confirmed");
        assertThat(ledger.pending).isEmpty();
        assertThat(ledger.leased).isFalse();
    }

    @Test
    void anEventWrittenWhileAnotherPassHoldsTheEventsIsPublishedByThatPass() {
        ledger.pending.add(DELIVERED);
        CompletableFuture<Void> receipt = publisher.publishPending("appt-1/24h");
        // A reply is recorded meanwhile; its own pass finds the events taken and leaves them to the holder.
        ledger.pending.add(CONFIRMED);
        CompletableFuture<Void> reply = publisher.publishPending("appt-1/24h");
        sns.release();

        CompletableFuture.allOf(receipt, reply).join();
        assertThat(sns.published).extracting(request -> ReminderEventJson.parse(request.message()).type().wireName())
                .containsExactly("delivered", "confirmed");
        assertThat(ledger.pending).isEmpty();
    }

    @Test
    void aFailedPublishLeavesItsEventPendingAndTheLeaseFreeForTheNextPass() {
        ledger.pending.add(DELIVERED);
        sns.release();
        sns.answers.failing = true;

        assertThatThrownBy(() -> publisher.publishPending("appt-1/24h").join()).hasRootCauseMessage("unreachable");
        assertThat(ledger.pending).containsExactly(DELIVERED);
        assertThat(ledger.leased).isFalse();

        sns.answers.failing = false;
        publisher.publishPending("appt-1/24h").join();
        assertThat(sns.published).hasSize(1);
        assertThat(ledger.pending).isEmpty();
    }

    @Test
    void aPassThatMeetsALeaseNobodyGivesBackPublishesOnceTheLeaseEnds() {
        ledger.pending.add(DELIVERED);
        ledger.leaseLeftBy(Duration.ofMillis(200));
        sns.release();

        publisher.publishPending("appt-1/24h").join();
        assertThat(sns.published).as("nothing while the lease is held").isEmpty();

        ledger.leaseEnds();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sns.published).hasSize(1));
        assertThat(ledger.pending).isEmpty();
    }

    @Test
    void factsWithNothingPendingTakeNothing() {
        sns.release();
        publisher.publish(new ReminderFacts("appt-1/24h", "appt-1", "P-1", Optional.empty(), List.of())).join();

        assertThat(ledger.takes).isZero();
        assertThat(sns.published).isEmpty();
    }

    /** One reminder's pending events under a lease, as the ledger keeps them. */
    private static final class LeasedEvents implements PendingEvents {
        final List<PendingEvent> pending = new ArrayList<>();
        boolean leased;
        Duration heldFor = Duration.ofSeconds(30);
        int takes;

        ReminderFacts facts() {
            return new ReminderFacts("appt-1/24h", "appt-1", "P-1", Optional.empty(), List.copyOf(pending));
        }

        @Override
        public synchronized CompletableFuture<Take> take(String reminderId, Duration lease) {
            takes++;
            if (pending.isEmpty()) {
                return CompletableFuture.completedFuture(new Take.NothingPending());
            }
            if (leased) {
                return CompletableFuture.completedFuture(new Take.Held(heldFor));
            }
            leased = true;
            return CompletableFuture.completedFuture(new Take.Taken(facts()));
        }

        /** A pass that ended without giving its lease back, as when the ledger applied a take whose answer was lost. */
        synchronized void leaseLeftBy(Duration lease) {
            leased = true;
            heldFor = lease;
        }

        synchronized void leaseEnds() {
            leased = false;
        }

        @Override
        public synchronized CompletableFuture<Boolean> clear(String reminderId, List<PendingEvent> published) {
            pending.removeAll(published);
            leased = false;
            return CompletableFuture.completedFuture(!pending.isEmpty());
        }
    }

    /** SNS whose answers wait until released, so that passes overlap as they do on a busy worker. */
    private static final class HeldSns implements software.amazon.awssdk.services.sns.SnsAsyncClient {
        final FakeSns answers = new FakeSns();
        final List<PublishRequest> published = answers.published;
        private final CompletableFuture<Void> released = new CompletableFuture<>();

        void release() {
            released.complete(null);
        }

        @Override
        public CompletableFuture<PublishResponse> publish(PublishRequest request) {
            return released.thenCompose(free -> answers.publish(request));
        }

        @Override
        public String serviceName() {
            return "sns";
        }

        @Override
        public void close() {
        }
    }
}
