package org.appointmentreminders.localaws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moto-based emulator for SNS, SES, DynamoDB and CloudWatch, run as a child process. It exits by itself when
 * this JVM goes away (its stdin closes), so a killed test run leaves nothing behind.
 */
final class AwsFrontProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AwsFrontProcess.class);
    private static final Pattern READY = Pattern.compile("AWS_FRONT_READY port=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final URI endpoint;

    private AwsFrontProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static AwsFrontProcess start(Path projectRoot, String host, int port, String region) throws IOException {
        Path python = ensureVirtualEnvironment(projectRoot);
        Path script = projectRoot.resolve("scripts/local-aws/src/main/python/aws_front.py");
        List<String> command = new ArrayList<>(List.of(
                python.toString(), script.toString(),
                "--host", host, "--port", Integer.toString(port), "--region", region, "--exit-on-stdin-eof"));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            int boundPort = awaitReady(process);
            return new AwsFrontProcess(process, URI.create("http://" + host + ":" + boundPort));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    URI endpoint() {
        return endpoint;
    }

    private static int awaitReady(Process process) throws IOException {
        BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = stdout.readLine()) != null; ) {
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        return Integer.parseInt(matcher.group(1));
                    }
                }
                throw new IllegalStateException("the AWS emulator front exited before it was ready (exit code "
                        + exitCodeOf(process) + "); see its output above");
            } catch (IOException e) {
                throw new IllegalStateException("could not read the AWS emulator front's output", e);
            }
        });
        try {
            int port = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // Keep draining stdout so the child never blocks on a full pipe.
            Thread drain = new Thread(() -> drain(stdout), "aws-front-stdout");
            drain.setDaemon(true);
            drain.start();
            return port;
        } catch (TimeoutException e) {
            throw new IOException("the AWS emulator front did not start within " + START_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the AWS emulator front", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static Integer exitCodeOf(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void drain(BufferedReader stdout) {
        try {
            while (stdout.readLine() != null) {
                // discard: the front writes only its ready line to stdout
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Creates or refreshes the project-local Python environment with the pinned emulator packages. */
    private static Path ensureVirtualEnvironment(Path projectRoot) throws IOException {
        Path script = projectRoot.resolve("scripts/local-aws/ensure-venv");
        if (!Files.isRegularFile(script)) {
            throw new IOException("cannot find " + script + "; is localaws.projectRoot the repository root?");
        }
        log.info("Preparing the Python environment for the AWS emulators (first run installs moto from PyPI)");
        Process process = new ProcessBuilder("bash", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String lastLine = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (!line.isBlank()) {
                    lastLine = line.trim();
                }
            }
        }
        try {
            int exit = process.waitFor();
            if (exit != 0 || lastLine == null) {
                throw new IOException(script + " failed with exit code " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing the Python environment", e);
        }
        return Path.of(lastLine);
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
