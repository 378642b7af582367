package org.appointmentreminders.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @Singleton
    static final class Client implements AutoCloseable {
        @Override
        public void close() {
            EVENTS.add("close client");
        }
    }

    @Singleton
    static final class Batches implements Managed {
        @Inject
        Batches(Client client) {
        }

        @Override
        public void start() {
            EVENTS.add("start batches");
        }

        @Override
        public void close() {
            EVENTS.add("close batches");
        }
    }

    @Singleton
    static final class Receiver implements Managed {
        @Inject
        Receiver(Batches batches, Client client) {
        }

        @Override
        public void start() {
            EVENTS.add("start receiver");
        }

        @Override
        public void close() {
            EVENTS.add("close receiver");
        }
    }

    /** Not a singleton: a new one per injection, which no lifecycle could know to close. */
    static final class Helper implements AutoCloseable {
        @Override
        public void close() {
            EVENTS.add("close helper");
        }
    }

    @Test
    void partsStartAfterWhatTheyUseAndStopBeforeItWhateverTheBindingOrder() {
        EVENTS.clear();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new LifecycleModule(), new AbstractModule() {
            @Override
            protected void configure() {
                // Bound dependents first, so the order can only come from the dependencies.
                bind(Receiver.class);
                bind(Batches.class);
                bind(Client.class);
                bind(Helper.class);
            }
        });
        Lifecycle lifecycle = injector.getInstance(Lifecycle.class);
        injector.getInstance(Helper.class);

        lifecycle.start();
        lifecycle.stop();
        lifecycle.stop();

        assertThat(EVENTS).containsExactly("start batches", "start receiver",
                "close receiver", "close batches", "close client");
    }

    @Test
    void onePartFailingToCloseDoesNotKeepTheOthersOpen() {
        EVENTS.clear();
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.register(() -> EVENTS.add("close first"));
        lifecycle.register(() -> {
            throw new IllegalStateException("stuck");
        });

        lifecycle.stop();

        assertThat(EVENTS).containsExactly("close first");
    }
}
