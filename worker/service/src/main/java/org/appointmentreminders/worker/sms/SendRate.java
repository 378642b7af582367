package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.OptionalLong;
import org.appointmentreminders.worker.queue.SendCapacity;

/**
 * Paces texts without holding a thread: each send reserves the next free slot and is told how long to wait for it
 * (the generic cell rate algorithm, with a tenth of a second's sends allowed at once). The rate is this worker's
 * share of the origination identity's ({@link FleetShare}); when AWS throttles anyway (the fleet grew before this
 * worker saw it, or the account has other senders) the rate drops to 70% at once and climbs back to the share by a
 * tenth of it per second. Like TCP's congestion window, it drops at most once a second: the answers to sends made
 * before a drop say nothing about the rate after it, and counting each of them would take the rate to the floor
 * after one burst. The poller receives no more than the rate allows.
 */
@Singleton
public final class SendRate implements SendCapacity {
    private static final double BURST_SECONDS = 0.1;
    private static final double BACK_OFF_TO = 0.7;
    private static final double RECOVERY_PER_SECOND = 0.1;
    /** Never below one send a minute, however often AWS throttles. */
    private static final double SLOWEST = 1.0 / 60;
    /** Throttles within this long of a drop are answers to sends made before it. */
    private static final long ONE_DROP_PER_NANOS = 1_000_000_000L;

    private final FleetShare share;
    /** When the next send would be due if none were allowed early, in System.nanoTime() terms. */
    private long theoreticalArrival = System.nanoTime();
    private double rateAtThrottle = Double.MAX_VALUE;
    private long throttledAt;

    @Inject
    public SendRate(FleetShare share) {
        this.share = share;
    }

    @Override
    public synchronized double perSecond() {
        return perSecond(System.nanoTime());
    }

    private double perSecond(long now) {
        double target = share.messagesPerSecond();
        if (rateAtThrottle == Double.MAX_VALUE) {
            return target;
        }
        double recovered = rateAtThrottle + target * RECOVERY_PER_SECOND * (now - throttledAt) / 1e9;
        if (recovered >= target) {
            rateAtThrottle = Double.MAX_VALUE;
            return target;
        }
        return recovered;
    }

    /** AWS refused a send for rate: slow down now, and recover gradually. */
    public synchronized void throttled() {
        long now = System.nanoTime();
        if (rateAtThrottle != Double.MAX_VALUE && now - throttledAt < ONE_DROP_PER_NANOS) {
            return;
        }
        rateAtThrottle = Math.max(SLOWEST, perSecond(now) * BACK_OFF_TO);
        throttledAt = now;
    }

    /**
     * Reserves a slot and returns the nanoseconds to wait for it; empty, with nothing reserved, when the slot lies
     * further away than {@code longestWait}.
     */
    public synchronized OptionalLong reserve(Duration longestWait) {
        long now = System.nanoTime();
        double rate = perSecond(now);
        long interval = (long) (1_000_000_000L / rate);
        long tolerance = (long) Math.max(0, rate * BURST_SECONDS - 1) * interval;
        long arrival = Math.max(theoreticalArrival, now);
        long wait = Math.max(0, arrival - tolerance - now);
        if (wait > longestWait.toNanos()) {
            return OptionalLong.empty();
        }
        theoreticalArrival = arrival + interval;
        return OptionalLong.of(wait);
    }
}
