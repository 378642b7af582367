package org.appointmentreminders.worker.queue;

/** How many messages per second the worker can text right now: what it should take from the queue at most. */
public interface SendCapacity {
    double perSecond();
}
