package org.appointmentreminders.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String QUEUE_URL = "http://127.0.0.1:9324/000000000000/reminders";
    private static final String DLQ_URL = "http://127.0.0.1:9324/000000000000/reminders-dlq";

    /** The least a deployment must set. */
    static Map<String, String> minimalEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("REMINDERS_QUEUE_URL", QUEUE_URL);
        env.put("REMINDERS_QUEUE_DEAD_LETTER_URL", DLQ_URL);
        env.put("REMINDERS_LEDGER_TABLE", "reminder-ledger");
        env.put("REMINDERS_EMAIL_SENDER", "reminders@example.org");
        env.put("REMINDERS_EMAIL_TEMPLATE_PREFIX", "appointment-reminder");
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = minimalEnvironment();
        env.put(name, value);
        return env;
    }

    private static List<String> problems(Map<String, String> env) {
        return problems(env, ConfigFactory.empty());
    }

    private static List<String> problems(Map<String, String> env, Config overrides) {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(env, overrides), ConfigException.class);
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.problems();
    }

    @Test
    void minimalEnvironmentLoadsWithTheDefaults() {
        WorkerConfig config = ConfigLoader.load(minimalEnvironment());

        assertThat(config.environment()).isEqualTo("local");
        assertThat(config.aws().region()).isEqualTo("us-east-1");
        assertThat(config.aws().endpoints().sqs()).isEmpty();
        assertThat(config.aws().callTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.aws().attemptTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.queue().url()).isEqualTo(QUEUE_URL);
        assertThat(config.queue().deadLetterUrl()).isEqualTo(DLQ_URL);
        assertThat(config.queue().pollers()).isEqualTo(2);
        assertThat(config.queue().waitTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.processing().maxInFlight()).isEqualTo(512);
        assertThat(config.retry().minDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retry().baseDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.retry().maxDelay()).isEqualTo(Duration.ofHours(11));
        assertThat(config.sms().ratePerSecond()).isEqualTo(20.0);
        assertThat(config.sms().originationNumber()).isEmpty();
        assertThat(config.sms().senderId()).isEmpty();
        assertThat(config.sms().maxPriceUsd()).isEqualByComparingTo(new BigDecimal("0.50"));
        assertThat(config.sms().optOutRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.email().sender()).isEqualTo("reminders@example.org");
        assertThat(config.email().templatePrefix()).isEqualTo("appointment-reminder");
        assertThat(config.ledger().table()).isEqualTo("reminder-ledger");
        assertThat(config.ledger().lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.ledger().retention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.shutdown().grace()).isEqualTo(Duration.ofSeconds(25));
        // config/local.conf, laid over the defaults.
        assertThat(config.processing().messageBudget()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.metrics().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.health().port()).isZero();
    }

    @Test
    void endUserMessagingWithReceiptsAndRepliesLoadsFromItsVariables() {
        Map<String, String> env = with("REMINDERS_SMS_CHANNEL", "end-user-messaging");
        env.put("REMINDERS_SMS_CONFIGURATION_SET", "reminders-prod");
        env.put("REMINDERS_SMS_ORIGINATION_IDENTITY", "+12065550100");
        env.put("REMINDERS_DELIVERY_RECEIPTS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/1/receipts");
        env.put("REMINDERS_DELIVERY_RECEIPTS_DEAD_LETTER_URL", "https://sqs.us-east-1.amazonaws.com/1/receipts-dlq");
        env.put("REMINDERS_REPLIES_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/1/replies");
        env.put("REMINDERS_REPLIES_DEAD_LETTER_URL", "https://sqs.us-east-1.amazonaws.com/1/replies-dlq");
        env.put("REMINDERS_REPLIES_ANSWER_UNKNOWN", "false");
        env.put("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", "http://localhost:4566");

        WorkerConfig config = ConfigLoader.load(env);

        assertThat(config.sms().channel()).isEqualTo(WorkerConfig.SmsChannelKind.END_USER_MESSAGING);
        assertThat(config.deliveryReceipts().enabled()).isTrue();
        assertThat(config.deliveryReceipts().checkAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.replies().enabled()).isTrue();
        assertThat(config.replies().answerUnknown()).isFalse();
        assertThat(config.aws().endpoints().pinpointSmsVoiceV2()).contains(java.net.URI.create("http://localhost:4566"));
        assertThat(ConfigLoader.describe(config)).containsEntry("reminders.sms.channel", "end-user-messaging")
                .containsEntry("reminders.replies.answer-unknown", "false");
    }

    @Test
    void receiptsAndRepliesRefuseWhatCannotWorkNamingTheKey() {
        Map<String, String> snsWithReceipts = with("REMINDERS_DELIVERY_RECEIPTS_QUEUE_URL", "https://q/receipts");
        Map<String, String> badChannel = with("REMINDERS_SMS_CHANNEL", "pigeon");
        Map<String, String> badFlag = with("REMINDERS_REPLIES_ANSWER_UNKNOWN", "perhaps");
        Map<String, String> repliesWithoutDlq = with("REMINDERS_REPLIES_QUEUE_URL", "https://q/replies");
        Map<String, String> noIdentity = with("REMINDERS_SMS_CHANNEL", "end-user-messaging");

        assertThat(problems(snsWithReceipts)).anyMatch(p -> p.startsWith("reminders.delivery-receipts.queue-url:")
                && p.contains("End User Messaging")).anyMatch(p -> p.startsWith("reminders.sms.configuration-set:"))
                .anyMatch(p -> p.startsWith("reminders.delivery-receipts.dead-letter-url:"));
        assertThat(problems(badChannel)).anyMatch(p -> p.startsWith("reminders.sms.channel:")
                && p.contains("sns, end-user-messaging"));
        assertThat(problems(badFlag)).anyMatch(p -> p.startsWith("reminders.replies.answer-unknown:"));
        assertThat(problems(repliesWithoutDlq)).anyMatch(p -> p.startsWith("reminders.replies.dead-letter-url:"));
        assertThat(problems(noIdentity)).anyMatch(p -> p.startsWith("reminders.sms.origination-identity:"));
    }

    @Test
    void environmentFileIsChosenByRemindersEnvironment() {
        WorkerConfig prod = ConfigLoader.load(with("REMINDERS_ENVIRONMENT", "prod"));
        WorkerConfig dev = ConfigLoader.load(with("REMINDERS_ENVIRONMENT", "dev"));

        assertThat(prod.environment()).isEqualTo("prod");
        assertThat(prod.processing().messageBudget()).isEqualTo(Duration.ofSeconds(30));
        assertThat(prod.metrics().interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(prod.health().port()).isEqualTo(8080);
        assertThat(prod.sms().ratePerSecond()).isEqualTo(20.0);
        assertThat(dev.environment()).isEqualTo("dev");
        assertThat(dev.sms().ratePerSecond()).isEqualTo(5.0);
    }

    @Test
    void environmentVariableSetsItsKey() {
        WorkerConfig config = ConfigLoader.load(with("REMINDERS_SMS_RATE_PER_SECOND", "7"));

        assertThat(config.sms().ratePerSecond()).isEqualTo(7.0);
    }

    @Test
    void environmentVariablesWinOverTheEnvironmentFileAndOverrides() {
        Map<String, String> env = with("REMINDERS_ENVIRONMENT", "dev");
        env.put("REMINDERS_SMS_RATE_PER_SECOND", "7");
        env.put("REMINDERS_PROCESSING_MESSAGE_BUDGET", "45s");
        env.put("REMINDERS_SMS_ORIGINATION_NUMBER", "+12025550123");

        WorkerConfig config = ConfigLoader.load(env, ConfigFactory.parseString("reminders.sms.rate-per-second = 9"));

        assertThat(config.sms().ratePerSecond()).isEqualTo(7.0);
        assertThat(config.processing().messageBudget()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.sms().originationNumber()).contains("+12025550123");
    }

    @Test
    void overridesWinOverTheEnvironmentFile() {
        WorkerConfig config = ConfigLoader.load(with("REMINDERS_ENVIRONMENT", "dev"),
                ConfigFactory.parseString("reminders.sms.rate-per-second = 9"));

        assertThat(config.sms().ratePerSecond()).isEqualTo(9.0);
    }

    @Test
    void unknownRemindersVariableIsAProblemNamingIt() {
        assertThat(problems(with("REMINDERS_QUEUE_URLL", QUEUE_URL)))
                .singleElement().asString().startsWith("REMINDERS_QUEUE_URLL");
    }

    @Test
    void variablesOutsideTheRemindersPrefixAreIgnored() {
        Map<String, String> env = with("HOME", "/root");
        env.put("QUEUE_URLL", "x");

        assertThat(ConfigLoader.load(env).queue().url()).isEqualTo(QUEUE_URL);
    }

    @Test
    void unknownKeyInOverridesIsAProblemNamingIt() {
        List<String> problems = problems(minimalEnvironment(),
                ConfigFactory.parseString("reminders.queue.urll = \"http://example.org\""));

        assertThat(problems).singleElement().asString().startsWith("reminders.queue.urll");
    }

    @Test
    void unknownKeyOutsideTheRootIsAProblemNamingIt() {
        List<String> problems = problems(minimalEnvironment(), ConfigFactory.parseString("reminder.queue.pollers = 3"));

        assertThat(problems).singleElement().asString().startsWith("reminder.queue.pollers");
    }

    @Test
    void badValueIsAProblemNamingItsKey() {
        assertThat(problems(minimalEnvironment(), ConfigFactory.parseString("reminders.queue.pollers = many")))
                .singleElement().asString().startsWith("reminders.queue.pollers");
        assertThat(problems(minimalEnvironment(), ConfigFactory.parseString("reminders.queue.pollers = 0")))
                .singleElement().asString().startsWith("reminders.queue.pollers");
        assertThat(problems(with("REMINDERS_QUEUE_POLLERS", "many")))
                .singleElement().asString().startsWith("reminders.queue.pollers");
        assertThat(problems(with("REMINDERS_RETRY_MIN_DELAY", "soon")))
                .singleElement().asString().startsWith("reminders.retry.min-delay");
        assertThat(problems(with("REMINDERS_SMS_MAX_PRICE_USD", "cheap")))
                .singleElement().asString().startsWith("reminders.sms.max-price-usd");
        assertThat(problems(with("REMINDERS_QUEUE_URL", "sqs.us-east-1.amazonaws.com/1/reminders")))
                .singleElement().asString().startsWith("reminders.queue.url");
        assertThat(problems(with("REMINDERS_AWS_ENDPOINTS_SNS", "not a url")))
                .singleElement().asString().startsWith("reminders.aws.endpoints.sns");
    }

    @Test
    void missingRequiredValuesNameTheirVariables() {
        Map<String, String> env = minimalEnvironment();
        env.remove("REMINDERS_LEDGER_TABLE");

        assertThat(problems(env)).singleElement().asString()
                .startsWith("reminders.ledger.table").contains("REMINDERS_LEDGER_TABLE");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = minimalEnvironment();
        env.remove("REMINDERS_LEDGER_TABLE");
        env.remove("AWS_REGION");
        env.put("REMINDERS_QUEUE_URLL", QUEUE_URL);
        env.put("REMINDERS_PROCESSING_MAX_IN_FLIGHT", "0");

        List<String> problems = problems(env, ConfigFactory.parseString(
                "reminders.queue.pollers = many\nreminders.metrics.intervall = 5s"));

        assertThat(problems).hasSize(6);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("reminders.ledger.table"))
                .anySatisfy(p -> assertThat(p).startsWith("reminders.aws.region"))
                .anySatisfy(p -> assertThat(p).startsWith("REMINDERS_QUEUE_URLL"))
                .anySatisfy(p -> assertThat(p).startsWith("reminders.processing.max-in-flight"))
                .anySatisfy(p -> assertThat(p).startsWith("reminders.queue.pollers"))
                .anySatisfy(p -> assertThat(p).startsWith("reminders.metrics.intervall"));
        assertThatThrownBy(() -> ConfigLoader.load(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("reminders.ledger.table").hasMessageContaining("REMINDERS_QUEUE_URLL");
    }

    @Test
    void unknownEnvironmentNamesTheMissingFile() {
        assertThat(problems(with("REMINDERS_ENVIRONMENT", "nosuch")))
                .anySatisfy(p -> assertThat(p).startsWith("REMINDERS_ENVIRONMENT").contains("config/nosuch.conf"));
    }

    @Test
    void environmentNameMustBeASimpleName() {
        assertThat(problems(with("REMINDERS_ENVIRONMENT", "../prod")))
                .anySatisfy(p -> assertThat(p).startsWith("REMINDERS_ENVIRONMENT"));
    }

    @Test
    void leaseNotLongerThanTheMessageBudgetIsRefused() {
        // config/local.conf sets a 20 s budget.
        assertThat(problems(with("REMINDERS_LEDGER_LEASE", "20s")))
                .singleElement().asString().startsWith("reminders.ledger.lease")
                .contains("processing.message-budget");
        assertThat(problems(with("REMINDERS_LEDGER_LEASE", "10s")))
                .singleElement().asString().startsWith("reminders.ledger.lease");
        assertThat(ConfigLoader.load(with("REMINDERS_LEDGER_LEASE", "21s")).ledger().lease())
                .isEqualTo(Duration.ofSeconds(21));
    }

    @Test
    void standardEndpointVariableFillsAnEmptyEndpoint() {
        WorkerConfig config = ConfigLoader.load(with("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324"));

        assertThat(config.aws().endpoints().sqs()).contains(URI.create("http://127.0.0.1:9324"));
        assertThat(config.aws().endpoints().sns()).isEmpty();
    }

    @Test
    void endpointKeyWinsOverTheStandardVariable() {
        Map<String, String> env = with("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324");
        env.put("REMINDERS_AWS_ENDPOINTS_SQS", "http://127.0.0.1:4566");

        assertThat(ConfigLoader.load(env).aws().endpoints().sqs()).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void regionFallsBackToAwsDefaultRegionAndTheKeyWins() {
        Map<String, String> env = minimalEnvironment();
        env.remove("AWS_REGION");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        assertThat(ConfigLoader.load(env).aws().region()).isEqualTo("eu-west-1");

        env.put("REMINDERS_AWS_REGION", "us-west-2");
        assertThat(ConfigLoader.load(env).aws().region()).isEqualTo("us-west-2");
    }

    @Test
    void variableForUpperCasesAndTurnsDotsAndDashesIntoUnderscores() {
        assertThat(ConfigLoader.variableFor("reminders.queue.dead-letter-url"))
                .isEqualTo("REMINDERS_QUEUE_DEAD_LETTER_URL");
        assertThat(ConfigLoader.variableFor("reminders.sms.rate-per-second")).isEqualTo("REMINDERS_SMS_RATE_PER_SECOND");
    }

    @Test
    void everyKnownKeyHasItsOwnVariable() {
        Set<String> keys = ConfigLoader.knownKeys();
        assertThat(keys).contains("reminders.queue.url", "reminders.queue.dead-letter-url",
                "reminders.aws.endpoints.sqs", "reminders.health.port");

        Set<String> variables = new HashSet<>();
        for (String key : keys) {
            String variable = ConfigLoader.variableFor(key);
            assertThat(variable).startsWith("REMINDERS_").matches("[A-Z0-9_]+");
            assertThat(variables.add(variable)).as("%s shares its variable with another key", key).isTrue();
        }
    }

    @Test
    void everyKnownKeyCanBeSetThroughItsVariable() {
        Config defaults = ConfigFactory.parseResources(ConfigLoaderTest.class.getClassLoader(),
                "config/application.conf", ConfigParseOptions.defaults().setAllowMissing(false));
        Map<String, String> env = new HashMap<>();
        for (String key : ConfigLoader.knownKeys()) {
            env.put(ConfigLoader.variableFor(key), String.valueOf(defaults.getValue(key).unwrapped()));
        }
        env.putAll(minimalEnvironment());
        // A value that differs from every default, set through the variable, must reach its key.
        env.put("REMINDERS_HEALTH_PORT", "18080");

        WorkerConfig config = ConfigLoader.load(env);

        assertThat(config.health().port()).isEqualTo(18080);
        assertThat(config.queue().url()).isEqualTo(QUEUE_URL);
    }
}
