package org.appointmentreminders.worker.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the worker's parts in the order their dependencies give, in the manner of Airlift's
 * {@code LifeCycleManager}: Guice builds each singleton after everything it depends on, so the order in which they
 * were built starts them, and its reverse stops them. A part is therefore always stopped before the parts it uses
 * (the receiver before the pipeline, the pipeline before the batched deletes, those before the AWS clients), and no
 * list is kept by hand. Every {@link AutoCloseable} singleton is closed, {@link Managed} ones are also started.
 */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private boolean started;
    private boolean stopped;

    synchronized void register(AutoCloseable part) {
        if (stopped) {
            throw new IllegalStateException("built after the worker stopped: " + part.getClass().getName());
        }
        parts.add(part);
        if (started && part instanceof Managed managed) {
            managed.start();
        }
    }

    /** Starts every managed part, dependencies first. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (AutoCloseable part : List.copyOf(parts)) {
            if (part instanceof Managed managed) {
                managed.start();
            }
        }
    }

    /** Closes every part, dependents first; one part failing to close does not keep the others open. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = parts.size() - 1; i >= 0; i--) {
            AutoCloseable part = parts.get(i);
            try {
                part.close();
            } catch (Exception e) {
                log.warn("{} did not close cleanly: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** The parts in start order, for tests and the start-up log. */
    public synchronized List<String> order() {
        return parts.stream().map(part -> part.getClass().getSimpleName()).toList();
    }
}
