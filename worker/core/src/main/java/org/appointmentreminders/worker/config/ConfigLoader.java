package org.appointmentreminders.worker.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the layered HOCON configuration (defaults, the environment's file, environment variables), refuses unknown
 * keys and bad values with the key's name, and returns the typed {@link WorkerConfig}. Every problem is reported at
 * once, so a broken deployment is fixed in one round.
 */
public final class ConfigLoader {
    public static final String ROOT = "reminders";
    public static final String ENVIRONMENT_VARIABLE = "REMINDERS_ENVIRONMENT";
    private static final String DEFAULTS = "config/application.conf";
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final List<String> SERVICES = List.of("sqs", "sns", "ses", "dynamodb", "cloudwatch",
            "pinpoint-sms-voice-v2");

    private ConfigLoader() {
    }

    /** Loads the configuration for the process environment. */
    public static WorkerConfig load(Map<String, String> environmentVariables) {
        return load(environmentVariables, ConfigFactory.empty());
    }

    /** Loads with extra settings laid over the environment's file (tests, command-line options). */
    public static WorkerConfig load(Map<String, String> environmentVariables, Config overrides) {
        Config defaults = parse(DEFAULTS);
        List<String> problems = new ArrayList<>();
        String environment = environmentVariables.getOrDefault(ENVIRONMENT_VARIABLE, "local");
        Config environmentFile = ConfigFactory.empty();
        if (!ENVIRONMENT_NAME.matcher(environment).matches()) {
            problems.add(ENVIRONMENT_VARIABLE + ": must be a lower-case name like prod, was '" + environment + "'");
        } else if (ConfigLoader.class.getClassLoader().getResource("config/" + environment + ".conf") == null) {
            problems.add(ENVIRONMENT_VARIABLE + ": no config/" + environment + ".conf for environment '"
                    + environment + "'");
        } else {
            environmentFile = parse("config/" + environment + ".conf");
        }

        Set<String> knownKeys = knownKeys();
        Config fromVariables = fromEnvironmentVariables(environmentVariables, knownKeys, problems);
        Config merged = fromVariables.withFallback(overrides).withFallback(environmentFile).withFallback(defaults);
        try {
            // Variables reach the configuration only through the mapping above, never behind its back.
            merged = merged.resolve(ConfigResolveOptions.noSystem());
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(e.getMessage());
            throw new ConfigException(problems);
        }
        merged = withStandardAwsVariables(merged, environmentVariables);
        for (String key : allKeys(merged)) {
            if (!knownKeys.contains(key)) {
                problems.add(key + ": unknown key (known keys are listed in config/application.conf)");
            }
        }
        WorkerConfig config = new ConfigBinder(merged, problems).bind(WorkerConfig.class, ROOT);
        if (config.aws().region().isBlank()) {
            problems.add(ROOT + ".aws.region: must be set (variable REMINDERS_AWS_REGION, or AWS_REGION)");
        }
        if (config.retry().minDelay().compareTo(config.retry().maxDelay()) > 0) {
            problems.add(ROOT + ".retry.min-delay: must not exceed retry.max-delay");
        }
        if (config.ledger().lease().compareTo(config.processing().messageBudget()) <= 0) {
            problems.add(ROOT + ".ledger.lease: must be longer than processing.message-budget ("
                    + config.processing().messageBudget().toSeconds() + " s)");
        }
        try {
            config.sendWindow().hours();
        } catch (IllegalArgumentException e) {
            problems.add(ROOT + ".send-window: " + e.getMessage());
        }
        try {
            config.sendWindow().clinicHours();
        } catch (IllegalArgumentException e) {
            problems.add(ROOT + ".send-window.clinics: " + e.getMessage());
        }
        problems.addAll(loopProblems(config));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** Settings of delivery receipts and replies that only make sense together. */
    private static List<String> loopProblems(WorkerConfig config) {
        List<String> problems = new ArrayList<>();
        boolean endUserMessaging = config.sms().channel() == WorkerConfig.SmsChannelKind.END_USER_MESSAGING;
        if (config.deliveryReceipts().enabled() && !endUserMessaging) {
            problems.add(ROOT + ".delivery-receipts.queue-url: receipts come only from End User Messaging SMS"
                    + " (sms.channel = end-user-messaging); SNS Publish has none");
        }
        if (config.deliveryReceipts().enabled() && config.sms().configurationSet().isEmpty()) {
            problems.add(ROOT + ".sms.configuration-set: must be set to read delivery receipts: its event"
                    + " destination is what sends them");
        }
        if (config.deliveryReceipts().enabled() && config.deliveryReceipts().deadLetterUrl().isEmpty()) {
            problems.add(ROOT + ".delivery-receipts.dead-letter-url: must be set with queue-url");
        }
        if (config.replies().enabled() && config.replies().deadLetterUrl().isEmpty()) {
            problems.add(ROOT + ".replies.dead-letter-url: must be set with queue-url");
        }
        if (endUserMessaging && config.sms().originationIdentity().isEmpty()) {
            problems.add(ROOT + ".sms.origination-identity: must be set for End User Messaging SMS (a phone number,"
                    + " its id or ARN, or a pool); replies reach only a phone number");
        }
        return problems;
    }

    /** The environment variable that sets a key: upper case, dots and dashes as underscores. */
    public static String variableFor(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every key the worker knows: the components of {@link WorkerConfig}, each with a default in the defaults file. */
    public static Set<String> knownKeys() {
        return new TreeSet<>(ConfigBinder.keys(WorkerConfig.class, ROOT));
    }

    /** Every key and the value it has in {@code config}, for the start-up log. No key holds a secret. */
    public static Map<String, String> describe(WorkerConfig config) {
        return ConfigBinder.describe(config, ROOT);
    }

    /**
     * The region and endpoints from the standard AWS variables where the worker's own keys are empty: the variables
     * ECS, LocalStack and sandboxes set, so the worker needs no settings of its own there.
     */
    private static Config withStandardAwsVariables(Config config, Map<String, String> variables) {
        Map<String, String> fallbacks = new HashMap<>();
        fallbacks.put(ROOT + ".aws.region",
                variables.getOrDefault("AWS_REGION", variables.getOrDefault("AWS_DEFAULT_REGION", "")));
        for (String service : SERVICES) {
            fallbacks.put(ROOT + ".aws.endpoints." + service,
                    variables.getOrDefault("AWS_ENDPOINT_URL_" + variableFor(service), ""));
        }
        Config filled = config;
        for (Map.Entry<String, String> fallback : fallbacks.entrySet()) {
            String key = fallback.getKey();
            boolean empty = !config.hasPath(key) || config.getValue(key).unwrapped().toString().isBlank();
            if (empty && !fallback.getValue().isBlank()) {
                filled = filled.withValue(key, ConfigValueFactory.fromAnyRef(fallback.getValue().trim()));
            }
        }
        return filled;
    }

    private static Config parse(String resource) {
        return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), resource,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** Every key, under the root or not: a misspelt root ("reminder.queue.url") is as unknown as a misspelt key. */
    private static Set<String> allKeys(Config config) {
        Set<String> keys = new TreeSet<>();
        config.entrySet().forEach(entry -> keys.add(entry.getKey()));
        return keys;
    }

    private static Config fromEnvironmentVariables(
            Map<String, String> variables, Set<String> knownKeys, List<String> problems) {
        Map<String, String> byVariable = new HashMap<>();
        for (String key : knownKeys) {
            byVariable.put(variableFor(key), key);
        }
        Map<String, Object> settings = new HashMap<>();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith("REMINDERS_")) {
                continue;
            }
            String key = byVariable.get(name);
            if (key == null) {
                problems.add(name + ": environment variable names no configuration key");
            } else {
                settings.put(key, variable.getValue());
            }
        }
        return ConfigFactory.parseMap(settings, "environment variables");
    }
}
