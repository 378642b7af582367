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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moto-based emulator for SNS, SES, DynamoDB, CloudWatch and End User Messaging SMS, run as a child process. It
 * exits by itself when this JVM goes away (its stdin closes), so a killed test run leaves nothing behind.
 */
final class AwsFrontProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AwsFrontProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final ReadyLineProcess process;
    private final URI endpoint;

    private AwsFrontProcess(ReadyLineProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the front; SNS delivers to SQS subscriptions through {@code sqs} (ElasticMQ) when given, else to moto's
     * own SQS.
     */
    static AwsFrontProcess start(Path projectRoot, String host, int port, String region, URI sqs) throws IOException {
        Path python = ensureVirtualEnvironment(projectRoot);
        Path script = projectRoot.resolve("scripts/local-aws/src/main/python/aws_front.py");
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(),
                "--host", host, "--port", Integer.toString(port), "--region", region, "--exit-on-stdin-eof"));
        if (sqs != null) {
            command.addAll(List.of("--sqs-endpoint", sqs.toString()));
        }
        ReadyLineProcess process = ReadyLineProcess.start("the AWS emulator front", command, START_TIMEOUT);
        return new AwsFrontProcess(process, URI.create("http://" + host + ":" + process.port()));
    }

    URI endpoint() {
        return endpoint;
    }

    /** Creates or refreshes the project-local Python environment with the pinned emulator packages. */
    static Path ensureVirtualEnvironment(Path projectRoot) throws IOException {
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
        process.close();
    }
}
