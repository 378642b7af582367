package org.appointmentreminders.worker.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The worker as its own process, started the way a container starts it (main class, environment variables only).
 * Its output goes to {@code target/it-logs/}, where the PHI log scan reads it.
 */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static WorkerProcess start(Map<String, String> environment, String... args) throws IOException {
        Path log = Path.of("target/it-logs/worker-process-" + UUID.randomUUID().toString().substring(0, 8) + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "org.appointmentreminders.worker.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(environment);
        // The test JVM's logback-test.xml would win over the worker's own configuration; run with production's.
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=" + productionLogback());
        return new WorkerProcess(builder.start(), log);
    }

    private static String productionLogback() {
        return new File("target/classes/logback.xml").getAbsolutePath();
    }

    /** SIGKILL: the process dies at once, mid-work, as on a host failure. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Sends SIGTERM, as ECS does on a stop. */
    public void terminate() {
        process.destroy();
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the worker process did not exit within " + timeout);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
