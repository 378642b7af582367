package org.appointmentreminders.worker.lifecycle;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.matcher.Matchers;
import com.google.inject.spi.ProvisionListener;

/**
 * Registers every singleton that can be closed with the {@link Lifecycle}, right after Guice has built it and so
 * after everything it depends on. Instances bound with {@code toInstance} are not built by Guice and stay the
 * binder's to close.
 */
public final class LifecycleModule extends AbstractModule {
    private final Lifecycle lifecycle = new Lifecycle();

    @Override
    protected void configure() {
        bind(Lifecycle.class).toInstance(lifecycle);
        bindListener(Matchers.any(), new ProvisionListener() {
            @Override
            public <T> void onProvision(ProvisionInvocation<T> provision) {
                T instance = provision.provision();
                if (instance instanceof AutoCloseable part && Scopes.isSingleton(provision.getBinding())) {
                    lifecycle.register(part);
                }
            }
        });
    }
}
