package org.appointmentreminders.worker.health;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.appointmentreminders.worker.queue.Poller;

/**
 * Serves {@code /health/live} and {@code /health/ready} on {@code reminders.health.port} (0: off) while the worker
 * runs. Live: the receivers run. Ready: they run and take messages. It is closed before the poller it watches.
 */
@Singleton
public final class HealthEndpoint implements Managed {
    private final Poller poller;
    private final int port;
    private HealthServer server;

    @Inject
    public HealthEndpoint(Poller poller, WorkerConfig.Health health) {
        this.poller = poller;
        this.port = health.port();
    }

    @Override
    public void start() {
        if (port > 0) {
            server = HealthServer.start(port, poller::isReceiving, poller::isReceiving);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
