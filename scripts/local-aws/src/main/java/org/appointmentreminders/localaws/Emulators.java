package org.appointmentreminders.localaws;

/** Running AWS emulators of one kind, as a set of endpoints; closing stops them. */
public interface Emulators extends AutoCloseable {

    AwsEndpoints endpoints();

    @Override
    void close();
}
