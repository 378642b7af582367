package org.appointmentreminders.worker.queue;

/** How many messages a poller may hold at once; it may change while the worker runs. */
public interface Room {
    int value();

    /** What sets the limit now, for the log. */
    String reason();

    static Room fixed(int messages, String reason) {
        return new Room() {
            @Override
            public int value() {
                return messages;
            }

            @Override
            public String reason() {
                return reason;
            }
        };
    }
}
