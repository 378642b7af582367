package org.appointmentreminders.worker.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.fakes.FakeAws;
import org.junit.jupiter.api.Test;

class SendRateTest {

    private static SendRate rate(double perSecond) {
        WorkerConfig config = FakeAws.config(java.util.Map.of("REMINDERS_SMS_RATE_PER_SECOND",
                Double.toString(perSecond)));
        return new SendRate(new FleetShare(new FakeAws.FakeDynamoDb(), Clock.systemUTC(), config.ledger(),
                config.sms()));
    }

    @Test
    void aTenthOfASecondsSendsGoAtOnceAndTheRestAreSpacedByTheRate() {
        SendRate rate = rate(100);
        int atOnce = 0;
        long lastWait = 0;
        for (int i = 0; i < 30; i++) {
            long wait = rate.reserve(Duration.ofSeconds(10)).orElseThrow();
            if (wait == 0) {
                atOnce++;
            }
            lastWait = wait;
        }

        assertThat(atOnce).isBetween(9, 11);
        // The 30th send is due about 0.3 s after the first, less the tenth of a second allowed early.
        assertThat(Duration.ofNanos(lastWait)).isBetween(Duration.ofMillis(150), Duration.ofMillis(210));
    }

    @Test
    void aSlotFurtherThanTheLongestWaitIsRefusedAndNotReserved() {
        SendRate rate = rate(1);
        rate.reserve(Duration.ofSeconds(10));

        OptionalLong refused = rate.reserve(Duration.ofMillis(500));
        OptionalLong granted = rate.reserve(Duration.ofSeconds(10));

        assertThat(refused).isEmpty();
        assertThat(Duration.ofNanos(granted.orElseThrow())).isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));
    }

    @Test
    void aThrottleCutsTheRateAtOnceAndItRecoversToTheShareOverTime() throws InterruptedException {
        SendRate rate = rate(100);

        rate.throttled();
        double cut = rate.perSecond();
        Thread.sleep(500);
        double recovering = rate.perSecond();

        assertThat(cut).isEqualTo(70.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(recovering).isBetween(73.0, 80.0);
        assertThat(rate.perSecond()).isLessThanOrEqualTo(100.0);
    }

    @Test
    void aBurstOfThrottlesCutsTheRateOnceNotOncePerAnswer() {
        SendRate rate = rate(100);

        for (int i = 0; i < 20; i++) {
            rate.throttled();
        }

        // Twenty answers to sends made before the cut: one cut, not 0.7^20 of the rate.
        assertThat(rate.perSecond()).isBetween(69.5, 72.0);
    }
}
