package org.appointmentreminders.worker.sms;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The texts waiting for a slot under the {@link SendRate}, first come first served. A waiting text takes its slot
 * only when the slot comes, at the rate of that moment: when this worker's share of the identity's rate rises (a
 * worker left the fleet) or falls (one joined, or AWS throttled), the texts already waiting go at the new rate at
 * once, not at the one they arrived under. A text is refused when those ahead of it would outlast the longest wait
 * at the current rate. Time is passed in ({@link System#nanoTime()} terms), so the pacing is tested without waiting.
 */
final class SendQueue<T> {
    /** The longest between two looks while texts wait, so a rate that rises meanwhile is taken up within it. */
    static final long LONGEST_NAP_NANOS = 100_000_000L;

    enum Admission {
        /** A slot was free: send now. */
        NOW,
        /** Waits, first in an empty queue: the caller arranges the first look. */
        FIRST_WAITING,
        /** Waits behind others; the look that is already arranged serves it. */
        WAITING,
        /** Would wait longer than the longest wait: not queued. */
        REFUSED
    }

    /** The texts whose slots have come, in order, and when to look again; empty when nothing waits. */
    record Due<T>(List<T> sends, OptionalLong lookAgainInNanos) {
    }

    private final SendRate rate;
    private final double longestWaitSeconds;
    private final ArrayDeque<T> waiting = new ArrayDeque<>();

    SendQueue(SendRate rate, Duration longestWait) {
        this.rate = rate;
        this.longestWaitSeconds = longestWait.toMillis() / 1000.0;
    }

    synchronized Admission admit(T text, long now) {
        if (waiting.isEmpty() && rate.tryTake(now) == 0) {
            return Admission.NOW;
        }
        if (waiting.size() + 1 > rate.perSecondAt(now) * longestWaitSeconds) {
            return Admission.REFUSED;
        }
        waiting.add(text);
        return waiting.size() == 1 ? Admission.FIRST_WAITING : Admission.WAITING;
    }

    synchronized Due<T> due(long now) {
        List<T> ready = new ArrayList<>();
        long next = 0;
        while (!waiting.isEmpty() && (next = rate.tryTake(now)) == 0) {
            ready.add(waiting.poll());
        }
        return new Due<>(ready, waiting.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(Math.min(next, LONGEST_NAP_NANOS)));
    }

    /** Empties the queue, for texts that will not get a slot (the worker is stopping). */
    synchronized List<T> clear() {
        List<T> all = List.copyOf(waiting);
        waiting.clear();
        return all;
    }

    synchronized boolean isEmpty() {
        return waiting.isEmpty();
    }
}
