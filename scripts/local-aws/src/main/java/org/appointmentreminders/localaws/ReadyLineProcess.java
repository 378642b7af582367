package org.appointmentreminders.localaws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An emulator run as a child process that prints one line on stdout, {@code <NAME>_READY port=<port>}, when it
 * answers, and exits by itself when its stdin closes: when this JVM goes away, even by SIGKILL, so does the child.
 * Its stderr goes to this JVM's.
 */
final class ReadyLineProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("_READY port=(\\d+)");

    private final Process process;
    private final int port;

    private ReadyLineProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code command} and waits up to {@code timeout} for its ready line; {@code name} is for messages. */
    static ReadyLineProcess start(String name, List<String> command, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new ReadyLineProcess(process, awaitReady(name, process, timeout));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    private static int awaitReady(String name, Process process, Duration timeout) throws IOException {
        BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = stdout.readLine()) != null; ) {
                    Matcher matcher = PORT.matcher(line);
                    if (matcher.find()) {
                        return Integer.parseInt(matcher.group(1));
                    }
                }
                throw new IllegalStateException(name + " exited before it was ready (exit code "
                        + exitCodeOf(process) + "); see its output above");
            } catch (IOException e) {
                throw new IllegalStateException("could not read the output of " + name, e);
            }
        });
        try {
            int port = ready.get(timeout.toSeconds(), TimeUnit.SECONDS);
            // Keep draining stdout so the child never blocks on a full pipe.
            Thread drain = new Thread(() -> drain(stdout), name.replace(' ', '-') + "-stdout");
            drain.setDaemon(true);
            drain.start();
            return port;
        } catch (TimeoutException e) {
            throw new IOException(name + " did not start within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
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
                // discard: the child writes only its ready line to stdout
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Closes the child's stdin, which ends it; forces it after 20 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
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
