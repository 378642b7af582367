package org.appointmentreminders.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {
    private static final Duration VISIBILITY = Duration.ofSeconds(60);

    private static InFlightLimit limit(int maxInFlight, Duration budget, SendCapacity capacity) {
        return new InFlightLimit(new WorkerConfig.Processing(maxInFlight, budget), capacity, VISIBILITY);
    }

    @Test
    void configuredMaximumWinsWhenTheRateCouldTextMore() {
        // rate: 20/s x 15 s (half the budget) = 300.
        InFlightLimit limit = limit(256, Duration.ofSeconds(30), () -> 20);

        assertThat(limit.value()).isEqualTo(256);
        assertThat(limit.reason()).isEqualTo("reminders.processing.max-in-flight");
    }

    @Test
    void noMoreThanTheSmsRateCanTextWithinHalfTheBudget() {
        // 2.5/s x 15 s = 37.5 -> 37.
        InFlightLimit limit = limit(512, Duration.ofSeconds(30), () -> 2.5);

        assertThat(limit.value()).isEqualTo(37);
        assertThat(limit.reason()).contains("SMS rate");
    }

    @Test
    void theLimitFollowsTheRateAsItChanges() {
        AtomicReference<Double> rate = new AtomicReference<>(20.0);
        InFlightLimit limit = limit(512, Duration.ofSeconds(20), rate::get);
        assertThat(limit.value()).isEqualTo(200);

        rate.set(5.0);

        assertThat(limit.value()).isEqualTo(50);
    }

    @Test
    void neverBelowOne() {
        // 0.01/s x 15 s = 0.15 -> 0, but one message at a time must still be possible.
        InFlightLimit limit = limit(512, Duration.ofSeconds(30), () -> 0.01);

        assertThat(limit.value()).isEqualTo(1);
    }

    @Test
    void aBudgetAsLongAsTheVisibilityTimeoutIsRefused() {
        assertThatThrownBy(() -> limit(512, Duration.ofSeconds(60), () -> 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reminders.processing.message-budget");
    }
}
