package org.appointmentreminders.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.fakes.FakeSqs;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Receiving and handing over, against an in-memory queue. */
class PollerTest {
    private final FakeSqs sqs = new FakeSqs();
    private final Settler settler = new Settler(sqs, queueConfig());

    private static WorkerConfig.Queue queueConfig() {
        return new WorkerConfig.Queue("http://q", "http://dlq", 2, Duration.ofSeconds(1));
    }

    private Poller poller(MessageHandler handler, int threads, int maxInFlight) {
        return new Poller(sqs, settler, handler, Clock.systemUTC(),
                new QueueFacts(Duration.ofSeconds(60), 5, "arn"), queueConfig(),
                new WorkerConfig.Processing(threads, maxInFlight, Duration.ofSeconds(20)),
                new WorkerConfig.Sms(1000, Optional.empty(), Optional.empty(), new BigDecimal("0.5"),
                        Duration.ofMinutes(5)),
                new WorkerConfig.Shutdown(Duration.ofSeconds(5)));
    }

    private static Message message(int i, int receiveCount) {
        return Message.builder().messageId("m-" + i).receiptHandle("receipt-" + i).body("{}")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        Integer.toString(receiveCount),
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1764590400000"))
                .build();
    }

    @Test
    void everyMessageReachesTheHandlerWithItsEnvelope() {
        List<InboundMessage> handled = new CopyOnWriteArrayList<>();
        Poller poller = poller(handled::add, 4, 64);
        for (int i = 0; i < 25; i++) {
            sqs.offer(message(i, 3));
        }

        poller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 25);
        poller.close();

        assertThat(handled).extracting(InboundMessage::receiptHandle).doesNotHaveDuplicates();
        assertThat(handled).allSatisfy(message -> {
            assertThat(message.receiveCount()).isEqualTo(3);
            assertThat(message.sentAt().toEpochMilli()).isEqualTo(1764590400000L);
        });
    }

    @Test
    void neverMoreInFlightThanTheLimitAndCloseWaitsForThoseInFlight() throws InterruptedException {
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger mostBusy = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        // 2 threads x (60 s visibility / 20 s budget) = at most 6 messages held at once.
        Poller poller = poller(message -> {
            mostBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            busy.decrementAndGet();
            finished.incrementAndGet();
        }, 2, 64);
        for (int i = 0; i < 20; i++) {
            sqs.offer(message(i, 1));
        }

        poller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> poller.inFlight() == 6);
        Thread.sleep(300);
        assertThat(poller.inFlight()).as("held while the handlers are busy").isEqualTo(6);
        release.countDown();
        poller.close();

        assertThat(mostBusy.get()).isLessThanOrEqualTo(2);
        assertThat(poller.inFlight()).isZero();
        assertThat(finished.get()).as("every message received was finished before close returned")
                .isGreaterThanOrEqualTo(6);
        assertThat(poller.isReceiving()).isFalse();
    }
}
