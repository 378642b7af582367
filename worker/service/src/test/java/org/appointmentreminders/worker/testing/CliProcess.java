package org.appointmentreminders.worker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Runs the reminders CLI as its own process, as an operator would, and keeps what it printed. */
public final class CliProcess {
    private CliProcess() {
    }

    public static Result run(Map<String, String> environment, String stdin, String... args)
            throws IOException, InterruptedException {
        return run(java.time.Duration.ofMinutes(5), environment, stdin, args);
    }

    /** As {@link #run(Map, String, String...)}, for a command that may take longer than five minutes. */
    public static Result run(java.time.Duration timeout, Map<String, String> environment, String stdin,
                             String... args) throws IOException, InterruptedException {
        Path logs = Path.of("target/it-logs");
        Files.createDirectories(logs);
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path out = logs.resolve("cli-" + id + ".out");
        Path err = logs.resolve("cli-" + id + ".err");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "org.appointmentreminders.worker.cli.RemindersCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the CLI did not finish: " + String.join(" ", args));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
