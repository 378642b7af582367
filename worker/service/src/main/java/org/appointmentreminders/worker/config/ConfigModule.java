package org.appointmentreminders.worker.config;

import com.google.inject.AbstractModule;
import java.time.Clock;

/** The validated configuration and the clock every time decision is made with. */
public final class ConfigModule extends AbstractModule {
    private final WorkerConfig config;
    private final Clock clock;

    public ConfigModule(WorkerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        bind(WorkerConfig.class).toInstance(config);
        bind(Clock.class).toInstance(clock);
    }
}
