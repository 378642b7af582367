package org.appointmentreminders.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BatcherTest {

    @Test
    void batchesOfAtMostTheMaximumAndEverythingWaitingIsSentOnClose() {
        List<List<Integer>> sent = new CopyOnWriteArrayList<>();
        Batcher<Integer> batcher = new Batcher<>("test", 10, Duration.ofSeconds(30), batch -> {
            sent.add(batch);
            return CompletableFuture.completedFuture(null);
        });
        for (int i = 0; i < 25; i++) {
            batcher.add(i);
        }

        batcher.close();

        assertThat(sent).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(10));
        assertThat(sent.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 25).boxed().toList());
    }

    @Test
    void aCloseDuringTheLingerSendsTheWaitingBatchAtOnce() throws InterruptedException {
        List<List<Integer>> sent = new CopyOnWriteArrayList<>();
        Batcher<Integer> batcher = new Batcher<>("test", 10, Duration.ofMinutes(5), batch -> {
            sent.add(batch);
            return CompletableFuture.completedFuture(null);
        });
        batcher.add(1);
        // The collector is now lingering for more, for up to five minutes.
        Thread.sleep(200);

        batcher.close();

        // Before it gave up waiting at close, the collector was still lingering: nothing was sent.
        assertThat(sent).containsExactly(List.of(1));
    }

    @Test
    void aClosedBatcherRefusesNewItemsLoudly() {
        Batcher<Integer> batcher = new Batcher<>("sqs-delete", 10, Duration.ofMillis(10),
                batch -> CompletableFuture.completedFuture(null));
        batcher.close();

        assertThatThrownBy(() -> batcher.add(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sqs-delete is closed");
    }
}
