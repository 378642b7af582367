package org.appointmentreminders.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests real AWS endpoints. The emulators start once per test JVM and stop when it ends, unless endpoints are
 * handed in through {@code AWS_ENDPOINT_URL_SQS} and friends (LocalStack, an AWS sandbox account, or emulators
 * started by {@code scripts/emulators}). Test methods may take {@link AwsEndpoints}, {@link AwsClients},
 * {@link EmulatorFront} (the test is skipped when the endpoints have no front) and {@link ProvisionedStack}: a fresh
 * queue, DLQ, ledger table and templates for each test class, so classes never see each other's messages.
 */
public final class LocalAwsExtension implements ParameterResolver {
    private static final Logger log = LoggerFactory.getLogger(LocalAwsExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalAwsExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AwsEndpoints.class || type == AwsClients.class || type == EmulatorFront.class
                || type == ProvisionedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = session(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == AwsEndpoints.class) {
            return session.endpoints;
        }
        if (type == AwsClients.class) {
            return session.clients;
        }
        if (type == EmulatorFront.class) {
            Assumptions.assumeTrue(session.front != null,
                    "needs the project's emulator front (fault injection, read-back); the endpoints given have none");
            return session.front;
        }
        return stackFor(context, session);
    }

    private static Session session(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Session.class, key -> Session.open(),
                Session.class);
    }

    private static ProvisionedStack stackFor(ExtensionContext context, Session session) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getParent().isPresent()
                && context.getTestMethod().isPresent() ? context.getParent().get() : context;
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(ProvisionedStack.class,
                key -> session.provisionFor(classContext), ProvisionedStack.class);
    }

    /** Everything shared by the whole test run; closed by JUnit when the run ends. */
    private static final class Session implements AutoCloseable {
        private final LocalAws localAws;
        private final AwsEndpoints endpoints;
        private final AwsClients clients;
        private final EmulatorFront front;

        private Session(LocalAws localAws, AwsEndpoints endpoints) {
            this.localAws = localAws;
            this.endpoints = endpoints;
            this.clients = new AwsClients(endpoints);
            this.front = endpoints.front().map(EmulatorFront::new).orElse(null);
        }

        static Session open() {
            var given = AwsEndpoints.fromSettings(System.getenv());
            if (given.isPresent()) {
                log.info("Using the AWS endpoints given in the environment: {}", given.get());
                return new Session(null, given.get());
            }
            try {
                long started = System.nanoTime();
                LocalAws localAws = LocalAws.start(LocalAws.projectRoot(), 0, 0, LocalAws.DEFAULT_REGION);
                log.info("Local AWS emulators up in {} ms: {}", (System.nanoTime() - started) / 1_000_000,
                        localAws.endpoints());
                return new Session(localAws, localAws.endpoints());
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the local AWS emulators", e);
            }
        }

        ProvisionedStack provisionFor(ExtensionContext classContext) {
            String owner = classContext.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
            String name = "t-" + owner.substring(0, Math.min(owner.length(), 40)) + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            return new Provisioner(clients).provision(StackSpec.named(name).withEmailTemplates(workerTemplates(name)));
        }

        /** The worker's own email templates, when this repository has them, so tests send what production sends. */
        private static List<EmailTemplate> workerTemplates(String prefix) {
            Path templates = LocalAws.projectRoot().resolve("worker/service/src/main/resources/templates");
            if (!Files.isDirectory(templates)) {
                return List.of();
            }
            try {
                return EmailTemplate.fromDirectory(templates, prefix);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the email templates in " + templates, e);
            }
        }

        @Override
        public void close() {
            clients.close();
            if (localAws != null) {
                localAws.close();
            }
        }
    }
}
