package org.appointmentreminders.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {
    private static final Duration VISIBILITY = Duration.ofSeconds(60);

    private record Settings(WorkerConfig.Processing processing, WorkerConfig.Sms sms) {
    }

    private static Settings config(int threads, int maxInFlight, Duration budget, double ratePerSecond) {
        return new Settings(new WorkerConfig.Processing(threads, maxInFlight, budget),
                new WorkerConfig.Sms(ratePerSecond, Optional.empty(), Optional.empty(), new BigDecimal("0.50"),
                        Duration.ofMinutes(5)));
    }

    private static InFlightLimit limit(Settings settings, Duration visibility) {
        return InFlightLimit.of(settings.processing(), settings.sms(), visibility);
    }

    @Test
    void configuredMaximumWinsWhenItIsTheSmallest() {
        // threads: 64 * (60 / 30) = 128; rate: 20 * 30 = 600.
        InFlightLimit limit = limit(config(64, 10, Duration.ofSeconds(30), 20), VISIBILITY);

        assertThat(limit.value()).isEqualTo(10);
        assertThat(limit.reason()).isEqualTo("reminders.processing.max-in-flight");
    }

    @Test
    void threadsTimesWholeBudgetsPerVisibilityWinWhenSmallest() {
        // threads: 4 * (60 / 30) = 8; rate: 20 * 30 = 600; configured 256.
        InFlightLimit limit = limit(config(4, 256, Duration.ofSeconds(30), 20), VISIBILITY);

        assertThat(limit.value()).isEqualTo(8);
        assertThat(limit.reason()).contains("threads");
    }

    @Test
    void budgetsPerVisibilityAreRoundedDown() {
        // 50 s / 20 s = 2.5 budgets: a thread sees only 2 through in time, so 3 threads hold 6.
        InFlightLimit limit = limit(config(3, 256, Duration.ofSeconds(20), 100), Duration.ofSeconds(50));

        assertThat(limit.value()).isEqualTo(6);
        assertThat(limit.reason()).contains("threads");
    }

    @Test
    void smsRateTimesTheSpareVisibilityWinsWhenSmallest() {
        // threads: 64 * 2 = 128; rate: 2 * (60 - 30) = 60; configured 256.
        InFlightLimit limit = limit(config(64, 256, Duration.ofSeconds(30), 2), VISIBILITY);

        assertThat(limit.value()).isEqualTo(60);
        assertThat(limit.reason()).contains("SMS rate");
    }

    @Test
    void rateBoundIsRoundedDown() {
        // 2.5 * (41 - 30) = 27.5 -> 27.
        InFlightLimit limit =
                limit(config(64, 256, Duration.ofSeconds(30), 2.5), Duration.ofSeconds(41));

        assertThat(limit.value()).isEqualTo(27);
        assertThat(limit.reason()).contains("SMS rate");
    }

    @Test
    void neverBelowOne() {
        // 0.01 * (40 - 30) = 0.1 -> 0, but one message at a time must still be possible.
        InFlightLimit limit =
                limit(config(64, 256, Duration.ofSeconds(30), 0.01), Duration.ofSeconds(40));

        assertThat(limit.value()).isEqualTo(1);
    }

    @Test
    void visibilityNotLongerThanTheBudgetIsRefused() {
        Settings config = config(64, 256, Duration.ofSeconds(30), 20);

        assertThatThrownBy(() -> limit(config, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reminders.processing.message-budget");
        assertThatThrownBy(() -> limit(config, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reminders.processing.message-budget");
        assertThat(limit(config, Duration.ofSeconds(31)).value()).isPositive();
    }
}
