package org.appointmentreminders.localaws;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * LocalStack 4.14.0 for SQS, SNS, SES and CloudWatch: the second, independent emulator the suite runs against.
 * DynamoDB stays on moto (LocalStack's DynamoDB needs a jar it cannot download here), served by the emulator front,
 * whose own API is not handed out: these endpoints have no fault injection, and sent SMS and emails are read back
 * through LocalStack's API ({@link LocalStackSentMessages}). LocalStack runs on this host from PyPI
 * ({@link #onHost}), or in Testcontainers' LocalStack container where a Docker engine is ({@link #inContainer}).
 */
public final class LocalStack implements Emulators {
    public static final String VERSION = "4.14.0";
    public static final String SERVICES = "sqs,sns,ses,cloudwatch";
    /** The first run installs the pinned runtime into .local-aws/ (about a minute), then it starts in seconds. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

    private final AutoCloseable localStack;
    private final AwsFrontProcess dynamoDb;
    private final AwsEndpoints endpoints;

    private LocalStack(AutoCloseable localStack, URI endpoint, AwsFrontProcess dynamoDb, String region) {
        this.localStack = localStack;
        this.dynamoDb = dynamoDb;
        this.endpoints = new AwsEndpoints(region, endpoint, endpoint, endpoint, dynamoDb.endpoint(), endpoint,
                Optional.empty(), Optional.empty(), true);
    }

    /** LocalStack's community runtime as a process on this host (scripts/localstack/run), no Docker needed. */
    public static LocalStack onHost(Path projectRoot, String region) throws IOException {
        Path run = projectRoot.resolve("scripts/localstack/run");
        if (!Files.isRegularFile(run)) {
            throw new IOException("cannot find " + run + "; is localaws.projectRoot the repository root?");
        }
        ReadyLineProcess process = ReadyLineProcess.start("LocalStack", List.of("bash", run.toString(),
                "--host", LocalAws.HOST, "--port", "0", "--services", SERVICES), START_TIMEOUT);
        return withDynamoDb(process, URI.create("http://" + LocalAws.HOST + ":" + process.port()), projectRoot,
                region);
    }

    /** LocalStack in a container started by Testcontainers; {@link LocalStackContainers#dockerAvailable} first. */
    public static LocalStack inContainer(Path projectRoot, String region) throws IOException {
        LocalStackContainers.Started container = LocalStackContainers.start(VERSION, SERVICES);
        return withDynamoDb(container, container.endpoint(), projectRoot, region);
    }

    private static LocalStack withDynamoDb(AutoCloseable localStack, URI endpoint, Path projectRoot, String region)
            throws IOException {
        try {
            return new LocalStack(localStack, endpoint,
                    AwsFrontProcess.start(projectRoot, LocalAws.HOST, 0, region, null), region);
        } catch (IOException | RuntimeException e) {
            closeQuietly(localStack);
            throw e;
        }
    }

    @Override
    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        try {
            dynamoDb.close();
        } finally {
            closeQuietly(localStack);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // stopping: nothing else to do
        }
    }
}
