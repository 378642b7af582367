package org.appointmentreminders.worker;

import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import java.time.Clock;
import java.util.List;
import org.appointmentreminders.worker.config.ConfigException;
import org.appointmentreminders.worker.config.ConfigLoader;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.queue.DrainWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Starts the worker. Exit codes: 0 after a clean stop (SIGTERM, SIGINT, or a drained queue with --drain), 2 for a bad
 * command line, 78 for a configuration that cannot run (every problem is printed with its key), 1 for a start-up
 * failure such as an unreachable queue.
 *
 * <pre>
 *   worker            run until SIGTERM
 *   worker --drain    stop once the queue is empty and nothing is in flight (demos, one-off catch-ups)
 *   worker --check    validate the configuration and exit
 * </pre>
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 78;

    private Main() {
    }

    public static void main(String[] args) {
        List<String> options = List.of(args);
        for (String option : options) {
            if (!option.equals("--drain") && !option.equals("--check")) {
                System.err.println("unknown option " + option + "\nusage: worker [--drain | --check]");
                System.exit(EXIT_USAGE);
            }
        }
        WorkerConfig config;
        try {
            config = ConfigLoader.load(System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        if (options.contains("--check")) {
            System.out.println("configuration valid for environment " + config.environment());
            return;
        }
        Injector injector;
        WorkerService worker;
        try {
            injector = WorkerModule.injector(new WorkerModule(config, Clock.systemUTC()));
            worker = injector.getInstance(WorkerService.class);
            worker.start();
        } catch (CreationException | ProvisionException | IllegalStateException e) {
            log.error("Worker could not start: {}", rootMessage(e));
            System.exit(1);
            return;
        }
        // Handling the signals ourselves (not only a shutdown hook) lets a requested stop end with exit code 0.
        Runnable stopInBackground = () -> new Thread(worker::stop, "worker-stop").start();
        Signal.handle(new Signal("TERM"), signal -> stopInBackground.run());
        Signal.handle(new Signal("INT"), signal -> stopInBackground.run());
        if (options.contains("--drain")) {
            injector.getInstance(DrainWatch.class).whenDrained(worker::stop);
        }
        worker.awaitStopped();
        System.exit(0);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
