package org.appointmentreminders.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests real AWS endpoints. The emulators start once per test JVM and stop when it ends, unless endpoints are
 * handed in through {@code AWS_ENDPOINT_URL_SQS} and friends (LocalStack, an AWS sandbox account, or emulators
 * started by {@code scripts/emulators}). Test methods may take {@link AwsEndpoints}, {@link AwsClients},
 * {@link ProvisionedStack} (a fresh queue, DLQ, ledger table and templates for each test class, so classes never see
 * each other's messages), {@link SentMessages} (read-back of sent SMS and email: the project's emulator front or
 * LocalStack) and {@link EmulatorFront} (fault injection, opt-outs and call counts: the project's front only).
 * A test whose endpoints lack what it takes is skipped, with the reason, before it starts, and so is a
 * {@link ScaleScenario} on endpoints other than the project's emulators unless the run asks for it.
 */
public final class LocalAwsExtension implements ParameterResolver, ExecutionCondition {
    private static final Logger log = LoggerFactory.getLogger(LocalAwsExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalAwsExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AwsEndpoints.class || type == AwsClients.class || type == EmulatorFront.class
                || type == SentMessages.class || type == ProvisionedStack.class;
    }

    /**
     * Skips a test that takes the front or read-back where the endpoints have none. Decided here rather than when the
     * parameter is resolved, where JUnit would report an unmet assumption as an error.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("a container: its tests are judged one by one");
        }
        List<Class<?>> takes = List.of(context.getRequiredTestMethod().getParameterTypes());
        Optional<ScaleScenario> scale = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(),
                ScaleScenario.class).or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
                ScaleScenario.class));
        boolean closedLoop = AnnotationSupport.isAnnotated(context.getRequiredTestMethod(), ClosedLoop.class)
                || AnnotationSupport.isAnnotated(context.getRequiredTestClass(), ClosedLoop.class);
        if (!takes.contains(EmulatorFront.class) && !takes.contains(SentMessages.class) && scale.isEmpty()
                && !closedLoop) {
            return ConditionEvaluationResult.enabled("needs endpoints only");
        }
        Session session = session(context);
        if (closedLoop && session.front == null) {
            return ConditionEvaluationResult.disabled("a closed-loop test (End User Messaging SMS, delivery receipts,"
                    + " replies), which needs the project's emulator front: " + session.description + " have no End"
                    + " User Messaging SMS (LocalStack 4.14's community runtime lacks pinpoint-sms-voice-v2)");
        }
        if (scale.isPresent() && session.front == null && !Boolean.getBoolean(ScaleScenario.RUN_PROPERTY)) {
            return ConditionEvaluationResult.disabled("a scale scenario (" + scale.get().value() + "), which runs on "
                    + session.description + " only when asked: -D" + ScaleScenario.RUN_PROPERTY + "=true");
        }
        if (takes.contains(EmulatorFront.class) && session.front == null) {
            return ConditionEvaluationResult.disabled("needs the project's emulator front (fault injection, opt-outs,"
                    + " call counts, rendered emails), which " + session.description + " do not have");
        }
        if (takes.contains(SentMessages.class) && session.sent == null) {
            return ConditionEvaluationResult.disabled("needs read-back of the SMS and emails sent, which "
                    + session.description + " do not offer");
        }
        return ConditionEvaluationResult.enabled("the endpoints have what it takes");
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
        if (type == EmulatorFront.class || type == SentMessages.class) {
            Object capability = type == EmulatorFront.class ? session.front : session.sent;
            if (capability == null) {
                // Only reached for a lifecycle method or constructor: evaluateExecutionCondition skips test methods.
                throw new ParameterResolutionException(type.getSimpleName() + ": " + session.description
                        + " have none");
            }
            return capability;
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
        private final SentMessages sent;
        /** What the endpoints are, for skip reasons: plural, as in "... which X do not have". */
        private final String description;

        private Session(LocalAws localAws, AwsEndpoints endpoints) {
            this.localAws = localAws;
            this.endpoints = endpoints;
            this.clients = new AwsClients(endpoints);
            this.front = endpoints.front().map(EmulatorFront::new).orElse(null);
            SentMessages localStack = front == null ? LocalStackSentMessages.probe(endpoints).orElse(null) : null;
            this.sent = front != null ? front : localStack;
            this.description = localAws != null ? "the local emulators"
                    : "the endpoints given in AWS_ENDPOINT_URL_*" + (localStack != null ? " (LocalStack)" : "");
        }

        static Session open() {
            var given = AwsEndpoints.fromSettings(System.getenv());
            if (given.isPresent()) {
                Session session = new Session(null, given.get());
                log.info("Using {}: {}; emulator front: {}; read-back of sent SMS and email: {}", session.description,
                        given.get(), session.front != null ? "yes" : "no", session.sent != null ? "yes" : "no");
                return session;
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
            StackSpec spec = StackSpec.named(name).withEmailTemplates(workerTemplates(name));
            if (AnnotationSupport.isAnnotated(classContext.getRequiredTestClass(), ClosedLoop.class)) {
                spec = spec.withClosedLoop();
            }
            return new Provisioner(clients).provision(spec);
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
