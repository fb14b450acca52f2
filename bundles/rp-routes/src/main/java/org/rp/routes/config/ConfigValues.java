package org.rp.routes.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Strict reading of one ConfigAdmin configuration. DS's own coercion would turn {@code port = 8o8o} into 0 and
 * ignore a misspelt key; an edge proxy must refuse such a file instead, so every value is parsed here and every
 * problem is collected into one message that names the key, what is wrong and an example.
 */
final class ConfigValues {
    /** Properties ConfigAdmin, fileinstall, DS and rp's own configuration reader add themselves. */
    private static final List<String> FRAMEWORK_PREFIXES = List.of("service.", "felix.", "component.", "osgi.",
            "rp.listener.name");

    private final String what;
    private final Map<String, ?> properties;
    private final List<String> problems = new ArrayList<>();

    ConfigValues(String what, Map<String, ?> properties, Set<String> knownKeys) {
        this.what = what;
        this.properties = properties;
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (!knownKeys.contains(key) && FRAMEWORK_PREFIXES.stream().noneMatch(key::startsWith)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            problems.add("unknown key(s) " + unknown + " (known: " + new TreeSet<>(knownKeys) + ")");
        }
    }

    String string(String key, String defaultValue) {
        Object value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        String s = value.toString().trim();
        return s.isEmpty() ? defaultValue : s;
    }

    String requiredString(String key, String example) {
        String s = string(key, null);
        if (s == null) {
            problems.add(key + " is required (e.g. " + key + " = " + example + ")");
        }
        return s;
    }

    int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max, false);
    }

    int requiredInteger(String key, int min, int max) {
        return (int) number(key, -1, min, max, true);
    }

    private long number(String key, long defaultValue, long min, long max, boolean required) {
        Object value = properties.get(key);
        if (value == null || value.toString().isBlank()) {
            if (required) {
                problems.add(key + " is required (a whole number from " + min + " to " + max + ")");
            }
            return defaultValue;
        }
        try {
            long n = value instanceof Number ? ((Number) value).longValue() : Long.parseLong(value.toString().trim());
            if (n < min || n > max) {
                problems.add(key + " = " + value + " is out of range (" + min + " to " + max + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(key + " = " + value + " is not a whole number (e.g. " + key + " = " + Math.max(min, defaultValue) + ")");
            return defaultValue;
        }
    }

    boolean bool(String key, boolean defaultValue) {
        Object value = properties.get(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        problems.add(key + " = " + value + " is not true or false");
        return defaultValue;
    }

    /** A comma-separated list (or a String[] / Collection from {@code config:edit}); empty when absent. */
    List<String> list(String key) {
        Object value = properties.get(key);
        List<String> raw = new ArrayList<>();
        if (value instanceof String[]) {
            raw.addAll(Arrays.asList((String[]) value));
        } else if (value instanceof Iterable<?>) {
            ((Iterable<?>) value).forEach(v -> raw.add(String.valueOf(v)));
        } else if (value != null) {
            raw.addAll(Arrays.asList(value.toString().split(",")));
        }
        List<String> items = new ArrayList<>();
        for (String item : raw) {
            for (String part : item.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
        }
        return items;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String s = string(key, null);
        if (s == null) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        problems.add(key + " = " + s + " is not one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        return defaultValue;
    }

    /** Parses each item, recording a problem (not an exception) for the ones that fail. */
    <T> List<T> each(String key, List<String> items, Function<String, T> parser) {
        List<T> parsed = new ArrayList<>();
        for (String item : items) {
            try {
                parsed.add(parser.apply(item));
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        return parsed;
    }

    void problem(String message) {
        problems.add(message);
    }

    /** @throws InvalidConfigurationException listing every problem found */
    void check() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(what + ": " + String.join("; ", problems));
        }
    }
}
