package org.appointmentreminders.worker.lifecycle;

/**
 * A part of the worker with a life of its own (threads, schedules, a server). {@link Lifecycle} starts every managed
 * singleton after the parts it depends on, and closes it before them.
 */
public interface Managed extends AutoCloseable {
    /** Begins background work; the default has none. */
    default void start() {
    }

    /** Ends background work, finishing or handing back what it holds. Called once. */
    @Override
    void close();
}
