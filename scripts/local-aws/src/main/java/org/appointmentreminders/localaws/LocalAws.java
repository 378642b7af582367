package org.appointmentreminders.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local AWS emulators as one unit: ElasticMQ for SQS in this JVM, and the moto-based front for SNS, SES,
 * DynamoDB, CloudWatch and End User Messaging SMS as a child process, whose SNS topics deliver to ElasticMQ's queues.
 * Closing it stops both.
 */
public final class LocalAws implements Emulators {
    public static final String DEFAULT_REGION = "us-east-1";
    static final String HOST = "127.0.0.1";

    private final ElasticMqServer sqs;
    private final AwsFrontProcess front;
    private final AwsEndpoints endpoints;

    private LocalAws(ElasticMqServer sqs, AwsFrontProcess front, String region) {
        this.sqs = sqs;
        this.front = front;
        this.endpoints = AwsEndpoints.local(region, sqs.endpoint(), front.endpoint());
    }

    /**
     * Starts both emulators.
     *
     * @param sqsPort port for SQS, 0 for any free port
     * @param frontPort port for the other services, 0 for any free port
     */
    public static LocalAws start(Path projectRoot, int sqsPort, int frontPort, String region) throws IOException {
        ElasticMqServer sqs = ElasticMqServer.start(HOST, sqsPort == 0 ? freePort() : sqsPort, region);
        try {
            return new LocalAws(sqs, AwsFrontProcess.start(projectRoot, HOST, frontPort, region, sqs.endpoint()),
                    region);
        } catch (IOException | RuntimeException e) {
            sqs.close();
            throw e;
        }
    }

    @Override
    public AwsEndpoints endpoints() {
        return endpoints;
    }

    /**
     * The repository root: from the {@code localaws.projectRoot} property when the build sets it, otherwise the
     * nearest directory above the working directory that holds the emulator scripts.
     */
    public static Path projectRoot() {
        String configured = System.getProperty("localaws.projectRoot");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/local-aws/ensure-venv"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the repository root (no scripts/local-aws/ensure-venv above the working directory); "
                        + "set -Dlocalaws.projectRoot=<repository root>");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    @Override
    public void close() {
        try {
            front.close();
        } finally {
            sqs.close();
        }
    }
}
