package org.appointmentreminders.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
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

    private Poller poller(MessageHandler handler, int maxInFlight) {
        return new Poller(sqs, settler, handler, Clock.systemUTC(),
                new QueueFacts(Duration.ofSeconds(60), 5, "arn"), () -> 1000.0, queueConfig(),
                new WorkerConfig.Processing(maxInFlight, Duration.ofSeconds(20)),
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
        Poller poller = poller(message -> {
            handled.add(message);
            return CompletableFuture.completedFuture(null);
        }, 64);
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
        List<CompletableFuture<Void>> started = new CopyOnWriteArrayList<>();
        Poller poller = poller(message -> {
            CompletableFuture<Void> work = new CompletableFuture<>();
            started.add(work);
            return work;
        }, 6);
        for (int i = 0; i < 20; i++) {
            sqs.offer(message(i, 1));
        }

        poller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 6);
        Thread.sleep(300);
        assertThat(started).as("no more started while the first six are unfinished").hasSize(6);
        assertThat(poller.inFlight()).isEqualTo(6);

        Thread finisher = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            started.forEach(work -> work.complete(null));
        });
        finisher.start();
        poller.close();

        assertThat(started).hasSizeGreaterThanOrEqualTo(6);
        assertThat(started).as("close waited for the work under way").allMatch(CompletableFuture::isDone);
        assertThat(poller.isReceiving()).isFalse();
    }
}
