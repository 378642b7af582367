package org.appointmentreminders.worker.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.fakes.FakeAws;
import org.appointmentreminders.worker.sms.SendQueue.Admission;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** Pacing on a clock the test moves: the identity's 20 texts/s, shared by this worker and, at times, one other. */
class SendQueueTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final long MS = 1_000_000L;

    private final FakeAws.FakeDynamoDb dynamoDb = new FakeAws.FakeDynamoDb();
    private final WorkerConfig config = FakeAws.config(Map.of("REMINDERS_SMS_RATE_PER_SECOND", "20"));
    private final FleetShare share = new FleetShare(dynamoDb, Clock.fixed(NOW, ZoneOffset.UTC), config.ledger(),
            config.sms());
    private final SendRate rate = new SendRate(share);
    private final long start = System.nanoTime();

    private void fleetOf(int workers) {
        Map<String, AttributeValue> item = new HashMap<>();
        for (int i = 1; i < workers; i++) {
            item.put("worker:other-" + i, AttributeValue.fromN(Long.toString(NOW.toEpochMilli())));
        }
        dynamoDb.onUpdate = request -> {
            // The heartbeat sets this worker's own attribute; the item comes back with it.
            Map<String, AttributeValue> answer = new HashMap<>(item);
            answer.put(request.expressionAttributeNames().get("#me"),
                    AttributeValue.fromN(Long.toString(NOW.toEpochMilli())));
            return UpdateItemResponse.builder().attributes(answer).build();
        };
        share.beat();
        assertThat(share.workers()).isEqualTo(workers);
    }

    /** Looks every 5 ms from {@code from} to {@code to} and notes when each text went. */
    private static void run(SendQueue<Integer> queue, long from, long to, List<Long> sentAt) {
        for (long t = from; t <= to; t += 5 * MS) {
            for (int ignored : queue.due(t).sends()) {
                sentAt.add(t);
            }
        }
    }

    @Test
    void textsAlreadyWaitingGoAtTheNewRateWhenTheShareRises() {
        fleetOf(2);
        SendQueue<Integer> queue = new SendQueue<>(rate, Duration.ofSeconds(10));
        List<Long> sentAt = new ArrayList<>();
        assertThat(queue.admit(0, start)).isEqualTo(Admission.NOW);
        sentAt.add(start);
        for (int i = 1; i < 30; i++) {
            assertThat(queue.admit(i, start)).isIn(Admission.FIRST_WAITING, Admission.WAITING);
        }

        run(queue, start, start + 495 * MS, sentAt);
        assertThat(sentAt).hasSize(5); // 10 per second: at 0, 100, 200, 300 and 400 ms
        fleetOf(1); // the other worker left: 20 per second here
        run(queue, start + 500 * MS, start + 3000 * MS, sentAt);

        assertThat(sentAt).hasSize(30);
        // The 25 that waited went 50 ms apart from the change (two at once, the new rate's burst): the last 1.15 s
        // after it, where the rate they arrived under would have taken 2.5 s.
        assertThat(sentAt.get(29) - start).isBetween(1600 * MS, 1800 * MS);
    }

    @Test
    void textsAlreadyWaitingSlowDownAtOnceWhenAWorkerJoins() {
        fleetOf(1);
        SendQueue<Integer> queue = new SendQueue<>(rate, Duration.ofSeconds(10));
        List<Long> sentAt = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            if (queue.admit(i, start) == Admission.NOW) {
                sentAt.add(start);
            }
        }

        run(queue, start, start + 495 * MS, sentAt);
        int beforeTheJoin = sentAt.size();
        fleetOf(2);
        run(queue, start + 500 * MS, start + 1495 * MS, sentAt);

        // 20 per second, then 10: in the second after the join, at most the 10 of the new share and the one texted
        // at the join (taken up to a slot ahead at the old rate), not the 20 of the old one.
        assertThat(beforeTheJoin).isBetween(10, 12);
        assertThat(sentAt.size() - beforeTheJoin).isBetween(9, 11);
    }

    @Test
    void aNewcomerWaitsBehindTheTextsAlreadyWaitingEvenWhenASlotIsFree() {
        fleetOf(1);
        SendQueue<Integer> queue = new SendQueue<>(rate, Duration.ofSeconds(10));
        int i = 0;
        while (queue.admit(i, start) == Admission.NOW) {
            i++;
        }
        int firstWaiting = i;

        // A slot is free 50 ms later, but the text that waited since the start has it.
        assertThat(queue.admit(1000, start + 50 * MS)).isEqualTo(Admission.WAITING);
        assertThat(queue.due(start + 50 * MS).sends()).containsExactly(firstWaiting);
        assertThat(queue.due(start + 100 * MS).sends()).containsExactly(1000);
        assertThat(queue.due(start + 100 * MS).lookAgainInNanos()).isEmpty();
    }

    @Test
    void aTextThatWouldWaitLongerThanTheLongestWaitIsRefusedAndNotQueued() {
        fleetOf(2); // 10 per second here
        SendQueue<Integer> queue = new SendQueue<>(rate, Duration.ofMillis(300));

        assertThat(queue.admit(1, start)).isEqualTo(Admission.NOW);
        assertThat(queue.admit(2, start)).isEqualTo(Admission.FIRST_WAITING);
        assertThat(queue.admit(3, start)).isEqualTo(Admission.WAITING);
        assertThat(queue.admit(4, start)).isEqualTo(Admission.WAITING);
        assertThat(queue.admit(5, start)).isEqualTo(Admission.REFUSED);
        List<Long> sentAt = new ArrayList<>();
        run(queue, start, start + 1000 * MS, sentAt);
        assertThat(sentAt).hasSize(3);
    }

    @Test
    void whileTextsWaitTheNextLookIsAtTheNextSlotAndNeverMoreThanATenthOfASecondAway() {
        fleetOf(1); // 20 per second: the next slot is 50 ms away
        SendQueue<Integer> fast = new SendQueue<>(rate, Duration.ofSeconds(10));
        while (fast.admit(0, start) == Admission.NOW) {
            // the burst
        }
        assertThat(fast.due(start).lookAgainInNanos()).hasValue(50 * MS);

        fleetOf(20); // one per second: the next slot is a second away, but the share may rise before it
        SendQueue<Integer> slow = new SendQueue<>(new SendRate(share), Duration.ofSeconds(10));
        long now = System.nanoTime();
        assertThat(slow.admit(1, now)).isEqualTo(Admission.NOW);
        assertThat(slow.admit(2, now)).isEqualTo(Admission.FIRST_WAITING);
        assertThat(slow.due(now).lookAgainInNanos()).hasValue(SendQueue.LONGEST_NAP_NANOS);
    }
}
