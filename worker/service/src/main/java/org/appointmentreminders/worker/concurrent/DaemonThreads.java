package org.appointmentreminders.worker.concurrent;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for background chores (flushing, refreshing, serving health checks): named, so a thread dump tells what
 * they do, and daemons, so they never keep a stopping JVM alive on their own.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
