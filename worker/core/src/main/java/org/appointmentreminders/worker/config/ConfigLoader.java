package org.appointmentreminders.worker.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
    private static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

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

        Set<String> knownKeys = leafKeys(defaults);
        Config fromVariables = fromEnvironmentVariables(environmentVariables, knownKeys, problems);
        Config merged = fromVariables.withFallback(overrides).withFallback(environmentFile).withFallback(defaults);
        try {
            // Variables reach the configuration only through the mapping above, never behind its back.
            merged = merged.resolve(ConfigResolveOptions.noSystem());
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(e.getMessage());
            throw new ConfigException(problems);
        }
        for (String key : allKeys(merged)) {
            if (!knownKeys.contains(key)) {
                problems.add(key + ": unknown key (known keys are listed in config/application.conf)");
            }
        }
        WorkerConfig config = new Reader(merged, environmentVariables, problems).read();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** The environment variable that sets a key: upper case, dots and dashes as underscores. */
    public static String variableFor(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every key the worker knows, from the defaults file. */
    public static Set<String> knownKeys() {
        return leafKeys(parse(DEFAULTS));
    }

    private static Config parse(String resource) {
        return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), resource,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    private static Set<String> leafKeys(Config config) {
        Set<String> keys = new TreeSet<>();
        Config scoped = config.hasPath(ROOT) ? config.getConfig(ROOT) : ConfigFactory.empty();
        for (Map.Entry<String, ConfigValue> entry : scoped.entrySet()) {
            keys.add(ROOT + "." + entry.getKey());
        }
        return keys;
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

    /** Reads typed values, recording a problem (and a harmless placeholder) for each bad one. */
    private static final class Reader {
        private final Config config;
        private final Map<String, String> variables;
        private final List<String> problems;

        Reader(Config config, Map<String, String> variables, List<String> problems) {
            this.config = config;
            this.variables = variables;
            this.problems = problems;
        }

        WorkerConfig read() {
            String environment = string("environment", true);
            if (!environment.isEmpty() && !ENVIRONMENT_NAME.matcher(environment).matches()) {
                problem("environment", "must be a lower-case name like prod");
            }
            WorkerConfig.Aws aws = new WorkerConfig.Aws(
                    region(),
                    endpoint("aws.endpoints.sqs"),
                    endpoint("aws.endpoints.sns"),
                    endpoint("aws.endpoints.ses"),
                    endpoint("aws.endpoints.dynamodb"),
                    endpoint("aws.endpoints.cloudwatch"),
                    duration("aws.call-timeout", Duration.ofMillis(100), Duration.ofMinutes(5)),
                    duration("aws.attempt-timeout", Duration.ofMillis(100), Duration.ofMinutes(5)));
            WorkerConfig.Queue queue = new WorkerConfig.Queue(
                    url("queue.url"),
                    url("queue.dead-letter-url"),
                    integer("queue.pollers", 1, 64),
                    duration("queue.wait-time", Duration.ZERO, Duration.ofSeconds(20)));
            WorkerConfig.Processing processing = new WorkerConfig.Processing(
                    integer("processing.threads", 1, 1024),
                    integer("processing.max-in-flight", 1, 100_000),
                    duration("processing.message-budget", Duration.ofSeconds(1), Duration.ofHours(1)));
            WorkerConfig.Retry retry = new WorkerConfig.Retry(
                    duration("retry.min-delay", Duration.ZERO, SQS_MAX_VISIBILITY),
                    duration("retry.base-delay", Duration.ofSeconds(1), SQS_MAX_VISIBILITY),
                    duration("retry.max-delay", Duration.ofSeconds(1), SQS_MAX_VISIBILITY.minusSeconds(1)));
            if (retry.minDelay().compareTo(retry.maxDelay()) > 0) {
                problem("retry.min-delay", "must not exceed retry.max-delay");
            }
            WorkerConfig.Sms sms = new WorkerConfig.Sms(
                    decimal("sms.rate-per-second", BigDecimal.valueOf(0.01), BigDecimal.valueOf(100_000))
                            .doubleValue(),
                    optional(string("sms.origination-number", false)),
                    optional(string("sms.sender-id", false)),
                    decimal("sms.max-price-usd", BigDecimal.valueOf(0.001), BigDecimal.valueOf(100)),
                    duration("sms.opt-out-refresh", Duration.ofSeconds(1), Duration.ofDays(1)));
            WorkerConfig.Email email = new WorkerConfig.Email(
                    string("email.sender", true),
                    string("email.template-prefix", true));
            WorkerConfig.Ledger ledger = new WorkerConfig.Ledger(
                    string("ledger.table", true),
                    duration("ledger.lease", Duration.ofSeconds(1), Duration.ofHours(12)),
                    duration("ledger.retention", Duration.ofDays(1), Duration.ofDays(3650)));
            if (ledger.lease().compareTo(processing.messageBudget()) <= 0) {
                problem("ledger.lease", "must be longer than processing.message-budget ("
                        + processing.messageBudget().toSeconds() + " s)");
            }
            WorkerConfig.Metrics metrics = new WorkerConfig.Metrics(
                    duration("metrics.interval", Duration.ofSeconds(1), Duration.ofHours(1)));
            return new WorkerConfig(environment, aws, queue, processing, retry, sms, email, ledger, metrics,
                    duration("shutdown.grace", Duration.ZERO, Duration.ofMinutes(10)),
                    integer("health.port", 0, 65535));
        }

        private <T> T read(String key, T placeholder, Function<String, T> reader) {
            String path = ROOT + "." + key;
            try {
                return reader.apply(path);
            } catch (com.typesafe.config.ConfigException e) {
                problem(key, describe(e));
                return placeholder;
            }
        }

        private String string(String key, boolean required) {
            String value = read(key, "", config::getString).trim();
            if (required && value.isEmpty()) {
                problem(key, "must be set (variable " + variableFor(ROOT + "." + key) + ")");
            }
            return value;
        }

        private String region() {
            String region = string("aws.region", false);
            if (region.isEmpty()) {
                region = variables.getOrDefault("AWS_REGION", variables.getOrDefault("AWS_DEFAULT_REGION", ""));
            }
            if (region.isBlank()) {
                problem("aws.region", "must be set (variable REMINDERS_AWS_REGION, or AWS_REGION)");
            }
            return region.trim();
        }

        private String url(String key) {
            String value = string(key, true);
            if (!value.isEmpty() && !(value.startsWith("https://") || value.startsWith("http://"))) {
                problem(key, "must be an http(s) URL");
            }
            return value;
        }

        private Optional<URI> endpoint(String key) {
            String value = string(key, false);
            if (value.isEmpty()) {
                String service = key.substring(key.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
                value = variables.getOrDefault("AWS_ENDPOINT_URL_" + service, "").trim();
            }
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(value);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    problem(key, "must be an absolute URL like http://127.0.0.1:4566");
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (IllegalArgumentException e) {
                problem(key, "must be an absolute URL like http://127.0.0.1:4566");
                return Optional.empty();
            }
        }

        private int integer(String key, int min, int max) {
            int value = read(key, min, config::getInt);
            if (value < min || value > max) {
                problem(key, "must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }

        private BigDecimal decimal(String key, BigDecimal min, BigDecimal max) {
            BigDecimal value = read(key, min, path -> {
                try {
                    return new BigDecimal(config.getString(path).trim());
                } catch (NumberFormatException e) {
                    throw new com.typesafe.config.ConfigException.BadValue(path, "must be a number");
                }
            });
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problem(key, "must be between " + min.toPlainString() + " and " + max.toPlainString()
                        + ", was " + value.toPlainString());
            }
            return value;
        }

        private Duration duration(String key, Duration min, Duration max) {
            Duration value = read(key, min, path -> {
                // HOCON reads a bare number as milliseconds: "20" for a 20 s wait would silently mean 20 ms.
                if (config.getValue(path).unwrapped().toString().trim().matches("\\d+(\\.\\d+)?")) {
                    throw new com.typesafe.config.ConfigException.BadValue(path,
                            "needs a unit, like 20s, 5m or 90d");
                }
                return config.getDuration(path);
            });
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problem(key, "must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }

        private static Optional<String> optional(String value) {
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        private void problem(String key, String message) {
            problems.add(ROOT + "." + key + ": " + message);
        }

        private static String describe(com.typesafe.config.ConfigException e) {
            if (e instanceof com.typesafe.config.ConfigException.Missing) {
                return "missing";
            }
            if (e instanceof com.typesafe.config.ConfigException.WrongType
                    || e instanceof com.typesafe.config.ConfigException.BadValue) {
                String message = e.getMessage();
                int colon = message.lastIndexOf(": ");
                return colon >= 0 ? message.substring(colon + 2) : message;
            }
            return e.getMessage();
        }
    }
}
