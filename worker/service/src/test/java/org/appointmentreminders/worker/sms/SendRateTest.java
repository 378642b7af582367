package org.appointmentreminders.worker.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
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
    void aTenthOfASecondsSendsGoAtOnceAndTheNextSlotIsOneIntervalLater() {
        SendRate rate = rate(100);
        long now = System.nanoTime();
        int atOnce = 0;
        while (rate.tryTake(now) == 0) {
            atOnce++;
        }

        assertThat(atOnce).isBetween(9, 11);
        // Nothing was taken by the refused try: the next slot is one interval (10 ms) after the burst.
        assertThat(Duration.ofNanos(rate.tryTake(now))).isBetween(Duration.ofMillis(9), Duration.ofMillis(11));
        assertThat(rate.tryTake(now + 10_000_000L)).isZero();
        assertThat(rate.tryTake(now + 10_000_000L)).isPositive();
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
