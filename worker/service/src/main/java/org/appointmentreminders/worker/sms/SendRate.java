package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.appointmentreminders.worker.queue.SendCapacity;

/**
 * Paces texts without holding a thread: a send takes a slot when one is free (the generic cell rate algorithm, with a
 * tenth of a second's sends allowed at once). The rate is this worker's share of the origination identity's
 * ({@link FleetShare}); when AWS throttles anyway (the fleet grew before this worker saw it, or the account has other
 * senders) the rate drops to 70% at once and climbs back to the share by a tenth of it per second. Like TCP's
 * congestion window, it drops at most once a second: the answers to sends made before a drop say nothing about the
 * rate after it, and counting each of them would take the rate to the floor after one burst. The poller receives no
 * more than the rate allows; {@link SendQueue} holds the sends that wait.
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
     * Takes the slot that is free at {@code now} and returns 0, or returns the nanoseconds until the next one and takes
     * nothing. Nothing is reserved ahead (at most the small burst): a send that must wait asks again when its slot
     * comes, at whatever the rate is then, so a changed share applies at once to the texts already waiting.
     */
    public synchronized long tryTake(long now) {
        double rate = perSecond(now);
        long interval = (long) (1_000_000_000L / rate);
        long tolerance = (long) Math.max(0, rate * BURST_SECONDS - 1) * interval;
        long arrival = Math.max(theoreticalArrival, now);
        long wait = arrival - tolerance - now;
        if (wait > 0) {
            return wait;
        }
        theoreticalArrival = arrival + interval;
        return 0;
    }

    synchronized double perSecondAt(long now) {
        return perSecond(now);
    }
}
