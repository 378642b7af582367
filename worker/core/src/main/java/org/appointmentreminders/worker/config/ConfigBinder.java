package org.appointmentreminders.worker.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds HOCON to typed records: a component {@code callTimeout} of the record at {@code reminders.aws} reads the key
 * {@code reminders.aws.call-timeout}, a nested record reads the section of its name. The records are the one place
 * that says which keys exist, their types and their bounds ({@link Bounds}); a bad value becomes a problem naming
 * its key, and binding goes on so every problem is reported at once.
 */
public final class ConfigBinder {
    private static final Pattern SIMPLE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private final Config config;
    private final List<String> problems;

    public ConfigBinder(Config config, List<String> problems) {
        this.config = config;
        this.problems = problems;
    }

    /** The record of {@code type} read from the section at {@code path}. */
    public <R extends Record> R bind(Class<R> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i], path + "." + keyName(components[i].getName()));
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    /** Every key the records under {@code type} read, in declaration order. */
    public static List<String> keys(Class<? extends Record> type, String path) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String key = path + "." + keyName(component.getName());
            if (component.getType().isRecord()) {
                keys.addAll(keys(component.getType().asSubclass(Record.class), key));
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Each key with its value as bound, for the start-up log: what the worker really runs with. */
    public static Map<String, String> describe(Record record, String path) {
        Map<String, String> described = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String key = path + "." + keyName(component.getName());
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value instanceof Record nested) {
                described.putAll(describe(nested, key));
                continue;
            }
            String text = value instanceof Optional<?> optional ? optional.map(Object::toString).orElse("")
                    : value instanceof BigDecimal decimal ? decimal.toPlainString()
                    : value instanceof Enum<?> constant ? choiceName(constant)
                    : String.valueOf(value);
            described.put(key, component.isAnnotationPresent(Bounds.ShownMasked.class) ? masked(text) : text);
        }
        return described;
    }

    /** An address keeps its domain, anything else its last four characters. */
    static String masked(String text) {
        int at = text.indexOf('@');
        if (at >= 0) {
            return "…" + text.substring(at);
        }
        return text.length() <= 4 ? text.isEmpty() ? "" : "…" : "…" + text.substring(text.length() - 4);
    }

    /** {@code messageBudget} becomes {@code message-budget}. */
    static String keyName(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private Object value(RecordComponent component, String key) {
        Class<?> type = component.getType();
        if (type.isRecord()) {
            return bind(type.asSubclass(Record.class), key);
        }
        if (type == String.class) {
            return string(component, key);
        }
        if (type == int.class) {
            return (int) whole(component, key);
        }
        if (type == double.class) {
            return decimal(component, key).doubleValue();
        }
        if (type == BigDecimal.class) {
            return decimal(component, key);
        }
        if (type == Duration.class) {
            return duration(component, key);
        }
        if (type == LocalTime.class) {
            return read(key, LocalTime.MIDNIGHT, path -> {
                try {
                    return LocalTime.parse(config.getString(path).trim());
                } catch (java.time.format.DateTimeParseException e) {
                    throw new BadValue(path, "must be a time of day like 08:00");
                }
            });
        }
        if (type == boolean.class) {
            return read(key, false, path -> {
                try {
                    return config.getBoolean(path);
                } catch (com.typesafe.config.ConfigException.WrongType e) {
                    throw new BadValue(path, "must be true or false");
                }
            });
        }
        if (type.isEnum()) {
            return choice(type.asSubclass(Enum.class), key);
        }
        if (type == Optional.class) {
            Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            String text = read(key, "", config::getString).trim();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            return element == URI.class ? absoluteUri(key, text) : Optional.of(text);
        }
        throw new IllegalStateException("no binding for " + type + " at " + key);
    }

    /** An enum constant, written in lower case with dashes: {@code END_USER_MESSAGING} is {@code end-user-messaging}. */
    private <E extends Enum<E>> E choice(Class<E> type, String key) {
        E[] constants = type.getEnumConstants();
        String value = read(key, choiceName(constants[0]), config::getString).trim();
        for (E constant : constants) {
            if (choiceName(constant).equals(value)) {
                return constant;
            }
        }
        problem(key, "must be one of " + java.util.Arrays.stream(constants).map(ConfigBinder::choiceName)
                .collect(java.util.stream.Collectors.joining(", ")) + ", was '" + value + "'");
        return constants[0];
    }

    static String choiceName(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private String string(RecordComponent component, String key) {
        String value = read(key, "", config::getString).trim();
        if (component.isAnnotationPresent(Bounds.Required.class) && value.isEmpty()) {
            problem(key, "must be set (variable " + ConfigLoader.variableFor(key) + ")");
        } else if (!value.isEmpty() && component.isAnnotationPresent(Bounds.HttpUrl.class)
                && !(value.startsWith("https://") || value.startsWith("http://"))) {
            problem(key, "must be an http(s) URL");
        } else if (component.isAnnotationPresent(Bounds.SimpleName.class) && !SIMPLE_NAME.matcher(value).matches()) {
            problem(key, "must be a lower-case name like prod");
        }
        return value;
    }

    private long whole(RecordComponent component, String key) {
        Bounds.Between bounds = component.getAnnotation(Bounds.Between.class);
        long min = bounds == null ? Integer.MIN_VALUE : bounds.min();
        long value = read(key, min, config::getLong);
        if (bounds != null && (value < bounds.min() || value > bounds.max())) {
            problem(key, "must be between " + bounds.min() + " and " + bounds.max() + ", was " + value);
            return bounds.min();
        }
        return value;
    }

    private BigDecimal decimal(RecordComponent component, String key) {
        Bounds.DecimalBetween bounds = component.getAnnotation(Bounds.DecimalBetween.class);
        BigDecimal min = bounds == null ? BigDecimal.ZERO : new BigDecimal(bounds.min());
        BigDecimal value = read(key, min, path -> {
            try {
                return new BigDecimal(config.getString(path).trim());
            } catch (NumberFormatException e) {
                throw new BadValue(path, "must be a number");
            }
        });
        if (bounds != null) {
            BigDecimal max = new BigDecimal(bounds.max());
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problem(key, "must be between " + min.toPlainString() + " and " + max.toPlainString()
                        + ", was " + value.toPlainString());
                return min;
            }
        }
        return value;
    }

    private Duration duration(RecordComponent component, String key) {
        Bounds.DurationBetween bounds = component.getAnnotation(Bounds.DurationBetween.class);
        Duration min = bounds == null ? Duration.ZERO : parseDuration(bounds.min());
        Duration value = read(key, min, path -> {
            // HOCON reads a bare number as milliseconds: "20" for a 20 s wait would silently mean 20 ms.
            if (BARE_NUMBER.matcher(config.getValue(path).unwrapped().toString().trim()).matches()) {
                throw new BadValue(path, "needs a unit, like 20s, 5m or 90d");
            }
            return config.getDuration(path);
        });
        if (bounds != null) {
            Duration max = parseDuration(bounds.max());
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problem(key, "must be between " + min + " and " + max + ", was " + value);
                return min;
            }
        }
        return value;
    }

    private Optional<URI> absoluteUri(String key, String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problem(key, "must be an absolute URL like http://127.0.0.1:4566");
        return Optional.empty();
    }

    private static Duration parseDuration(String text) {
        return com.typesafe.config.ConfigFactory.parseString("d = " + text).getDuration("d");
    }

    private <T> T read(String key, T placeholder, java.util.function.Function<String, T> reader) {
        try {
            return reader.apply(key);
        } catch (com.typesafe.config.ConfigException e) {
            problem(key, describe(e));
            return placeholder;
        }
    }

    private void problem(String key, String message) {
        problems.add(key + ": " + message);
    }

    private static String describe(com.typesafe.config.ConfigException e) {
        if (e instanceof com.typesafe.config.ConfigException.Missing) {
            return "missing";
        }
        if (e instanceof com.typesafe.config.ConfigException.WrongType || e instanceof BadValue) {
            String message = e.getMessage();
            int colon = message.lastIndexOf(": ");
            return colon >= 0 ? message.substring(colon + 2) : message;
        }
        return e.getMessage();
    }
}
