package org.appointmentreminders.localaws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs AWS emulators in the foreground until SIGTERM, for {@code scripts/emulators}: the project's own (ElasticMQ and
 * the moto-based front), or LocalStack with DynamoDB on moto, on this host or through Testcontainers. When they are
 * up it writes a state file of shell variables (endpoints, and the provisioned names when asked to provision) that
 * the script prints and other scripts source. Exits 2 on a usage error, and when the backend cannot run on this
 * machine (Testcontainers without a Docker engine), after one line that says why.
 */
public final class LocalAwsMain {
    private LocalAwsMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: LocalAwsMain [--backend local|localstack|testcontainers] [--sqs-port N]"
                    + " [--front-port N] [--state-file PATH] [--provision STACK_NAME] [--max-receive-count N]"
                    + " [--closed-loop]");
            System.exit(2);
            return;
        }
        if (options.backend.equals("testcontainers") && !LocalStackContainers.dockerAvailable()) {
            System.err.println("error: the testcontainers backend needs a Docker engine and Testcontainers found"
                    + " none here; --backend localstack runs LocalStack on this host without one");
            System.exit(2);
            return;
        }
        Path root = LocalAws.projectRoot();
        Emulators emulators = switch (options.backend) {
            case "localstack" -> LocalStack.onHost(root, LocalAws.DEFAULT_REGION);
            case "testcontainers" -> LocalStack.inContainer(root, LocalAws.DEFAULT_REGION);
            default -> LocalAws.start(root, options.sqsPort, options.frontPort, LocalAws.DEFAULT_REGION);
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulators.close();
            deleteQuietly(options.stateFile);
            stopped.countDown();
        }, "local-aws-shutdown"));

        Map<String, String> state = new LinkedHashMap<>(emulators.endpoints().asEnvironment());
        if (options.stackName != null) {
            try (AwsClients clients = new AwsClients(emulators.endpoints())) {
                state.putAll(new Provisioner(clients).provision(stackSpec(root, options)).asEnvironment());
            }
        }
        state.put("LOCALAWS_PID", Long.toString(ProcessHandle.current().pid()));
        writeState(options.stateFile, state);
        stopped.await();
    }

    private static StackSpec stackSpec(Path root, Options options) throws IOException {
        Path templates = root.resolve("worker/service/src/main/resources/templates");
        StackSpec spec = StackSpec.named(options.stackName).withMaxReceiveCount(options.maxReceiveCount);
        if (options.closedLoop) {
            spec = spec.withClosedLoop();
        }
        return Files.isDirectory(templates)
                ? spec.withEmailTemplates(EmailTemplate.fromDirectory(templates, spec.emailTemplatePrefix()))
                : spec;
    }

    private static void writeState(Path stateFile, Map<String, String> state) throws IOException {
        StringBuilder text = new StringBuilder();
        state.forEach((name, value) -> text.append(name).append("='").append(value).append("'\n"));
        Path parent = stateFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Written whole, then renamed: a reader never sees half a file.
        Path partial = Files.createTempFile(parent, "state", ".tmp");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.print(text);
        System.out.flush();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale state file names a dead pid; scripts/emulators treats that as stopped
        }
    }

    private record Options(String backend, int sqsPort, int frontPort, Path stateFile, String stackName,
                           int maxReceiveCount, boolean closedLoop) {
        static Options parse(String[] args) {
            String backend = "local";
            int sqsPort = 0;
            int frontPort = 0;
            Path stateFile = Path.of(".local-aws/state.env");
            String stackName = null;
            int maxReceiveCount = StackSpec.DEFAULT_MAX_RECEIVE_COUNT;
            boolean closedLoop = false;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--closed-loop")) {
                    closedLoop = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--backend" -> backend = backend(value);
                    case "--sqs-port" -> sqsPort = port(flag, value);
                    case "--front-port" -> frontPort = port(flag, value);
                    case "--state-file" -> stateFile = Path.of(value);
                    case "--provision" -> stackName = value;
                    case "--max-receive-count" -> maxReceiveCount = number(flag, value, 1, 1000);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (closedLoop && stackName == null) {
                throw new IllegalArgumentException("--closed-loop goes with --provision STACK_NAME");
            }
            return new Options(backend, sqsPort, frontPort, stateFile, stackName, maxReceiveCount, closedLoop);
        }

        private static String backend(String value) {
            if (!java.util.List.of("local", "localstack", "testcontainers").contains(value)) {
                throw new IllegalArgumentException("--backend must be local, localstack or testcontainers, was "
                        + value);
            }
            return value;
        }

        private static int port(String flag, String value) {
            return number(flag, value, 0, 65535);
        }

        private static int number(String flag, String value, int min, int max) {
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    throw new IllegalArgumentException(flag + " must be " + min + ".." + max + ", was " + value);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a number, was " + value);
            }
        }
    }
}
