package org.appointmentreminders.worker.testing;

import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.WorkerModule;
import org.appointmentreminders.worker.WorkerService;
import org.appointmentreminders.worker.config.ConfigLoader;
import org.appointmentreminders.worker.config.WorkerConfig;

/**
 * A real worker, wired by the production modules, running in the test JVM against a provisioned stack. Settings are
 * tuned for tests (short long-poll, quick retries, 1 s metric flushes) through the same layered configuration a
 * deployment uses; each fixture reports metrics under an Environment of its own.
 */
public final class WorkerFixture implements AutoCloseable {
    private final Injector injector;
    private final WorkerService worker;
    private final WorkerConfig config;

    private WorkerFixture(Injector injector, WorkerConfig config) {
        this.injector = injector;
        this.worker = injector.getInstance(WorkerService.class);
        this.config = config;
    }

    public static WorkerFixture start(AwsEndpoints endpoints, ProvisionedStack stack, Map<String, Object> settings,
                                      Module... replacements) {
        WorkerConfig config = config(endpoints, stack, settings);
        if (endpoints.local()) {
            // The worker takes credentials from the standard chain; in this JVM that means system properties.
            System.setProperty("aws.accessKeyId", AwsEndpoints.LOCAL_ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", AwsEndpoints.LOCAL_SECRET_KEY);
        }
        Module modules = Modules.override(new WorkerModule(config, Clock.systemUTC())).with(replacements);
        WorkerFixture fixture = new WorkerFixture(WorkerModule.injector(modules), config);
        fixture.worker.start();
        return fixture;
    }

    public static WorkerConfig config(AwsEndpoints endpoints, ProvisionedStack stack, Map<String, Object> settings) {
        return ConfigLoader.load(environment(endpoints, stack), ConfigFactory.parseMap(testSettings(settings)));
    }

    /** The variables a worker process needs for this stack: endpoints, credentials and the stack's names. */
    public static Map<String, String> environment(AwsEndpoints endpoints, ProvisionedStack stack) {
        Map<String, String> env = new HashMap<>(endpoints.asEnvironment());
        env.putAll(stack.asEnvironment());
        return env;
    }

    /**
     * The environment of a worker process: the stack's variables and the test settings as variables. The settings'
     * environment name is left out, since REMINDERS_ENVIRONMENT also picks the configuration file.
     */
    public static Map<String, String> processEnvironment(AwsEndpoints endpoints, ProvisionedStack stack,
                                                         Map<String, Object> settings) {
        Map<String, String> env = environment(endpoints, stack);
        testSettings(settings).forEach((key, value) -> env.put(ConfigLoader.variableFor(key), value.toString()));
        env.remove(ConfigLoader.ENVIRONMENT_VARIABLE);
        return env;
    }

    /** Test defaults, then the test's own settings (keys relative to {@code reminders.}). */
    public static Map<String, Object> testSettings(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>();
        all.put("reminders.environment", "t-" + UUID.randomUUID().toString().substring(0, 8));
        all.put("reminders.queue.wait-time", "1s");
        all.put("reminders.processing.max-in-flight", 8);
        all.put("reminders.retry.min-delay", "0s");
        all.put("reminders.retry.base-delay", "1s");
        all.put("reminders.metrics.interval", "1s");
        all.put("reminders.shutdown.grace", "5s");
        all.put("reminders.sms.rate-per-second", 500);
        // Tests run at any hour: the send window has its own tests, which set their clock.
        all.put("reminders.send-window.opens", "00:00");
        all.put("reminders.send-window.closes", "23:59:59");
        settings.forEach((key, value) -> all.put("reminders." + key, value));
        return all;
    }

    public WorkerService worker() {
        return worker;
    }

    public WorkerConfig config() {
        return config;
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    @Override
    public void close() {
        worker.stop();
    }
}
