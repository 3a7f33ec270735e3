package io.windhover.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The application's settings as one set of {@code Section:Key} keys, ASP.NET Core's
 * {@code IConfiguration}: sources in rising precedence, a later one overriding an earlier one key
 * by key, keys compared ignoring case.
 *
 * <ol>
 *   <li>{@code windhover.json} in the content root: nested objects become {@code Section:Key},
 *       array elements {@code Section:0}, {@code Section:1};
 *   <li>{@code windhover.ENVIRONMENT.json} beside it;
 *   <li>environment variables, {@code __} standing for {@code :} ({@code ConnectionStrings__Todos});
 *   <li>the command line: {@code --Section:Key=value} or {@code --Section:Key value}.
 * </ol>
 *
 * <pre>{@code
 * var app = WebApplication.create(args);          // --ConnectionStrings:Todos=jdbc:sqlite:todos.db
 * String url = app.configuration().get("ConnectionStrings:Todos");
 * int pageSize = app.configuration().getInt("Todo:PageSize", 20);
 * }</pre>
 *
 * <p>Immutable and thread-safe. Each value remembers its source, which an error names.
 */
public final class Configuration {

    /** One setting: its value and where it came from ({@code windhover.json}, {@code environment}, {@code command line}). */
    public record Value(String value, String source) {
    }

    private final Map<String, Value> values;

    private Configuration(Map<String, Value> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** A configuration of these values alone, for tests: {@code Configuration.of(Map.of("Todo:PageSize", "5"))}. */
    public static Configuration of(Map<String, String> settings) {
        var builder = new Builder();
        settings.forEach((key, value) -> builder.put(key, value, "code"));
        return builder.build();
    }

    /** The value of {@code key} ({@code Section:Key}, any case), or null. */
    public String get(String key) {
        Value value = values.get(key);
        return value == null ? null : value.value();
    }

    /** The value of {@code key}, or {@code fallback} when it is not set. */
    public String get(String key, String fallback) {
        String value = get(key);
        return value == null ? fallback : value;
    }

    /**
     * {@code key} as a whole number, or {@code fallback} when it is not set.
     *
     * @throws IllegalArgumentException naming the key and its source, when the value is not a number
     */
    public long getLong(String key, long fallback) {
        Value value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.value().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key '" + key + "' (from " + value.source()
                    + ") must be a whole number, not '" + value.value() + "'");
        }
    }

    /** The value and source of {@code key}, or null. */
    public Value find(String key) {
        return values.get(key);
    }

    /** Every key under {@code section} ({@code Todo} gives {@code Todo:PageSize}, ...), with its value. */
    public Map<String, String> section(String section) {
        Map<String, String> found = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String prefix = section + ":";
        values.forEach((key, value) -> {
            if (key.regionMatches(true, 0, prefix, 0, prefix.length())) {
                found.put(key, value.value());
            }
        });
        return found;
    }

    /**
     * Reads the sources above. {@code environment} picks the environment's file.
     *
     * @throws IllegalArgumentException naming the file, when a file is not a JSON object
     */
    static Configuration read(Path contentRoot, String environment, Map<String, String> variables,
            List<Map.Entry<String, String>> commandLine) {
        var builder = new Builder();
        builder.addJsonFile(contentRoot.resolve(WebApplication.CONFIG_FILE));
        builder.addJsonFile(contentRoot.resolve("windhover." + environment + ".json"));
        variables.forEach((name, value) -> builder.put(name.replace("__", ":"), value, "environment variable " + name));
        commandLine.forEach(entry -> builder.put(entry.getKey(), entry.getValue(), "command line"));
        return builder.build();
    }

    private static final class Builder {
        private final Map<String, Value> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        void put(String key, String value, String source) {
            values.put(key, new Value(value, source));
        }

        void addJsonFile(Path file) {
            if (!Files.isRegularFile(file)) {
                return;
            }
            try {
                JsonNode root = new ObjectMapper().readTree(file.toFile());
                if (root == null || !root.isObject()) {
                    throw new IllegalArgumentException("configuration file " + file + " must hold a JSON object");
                }
                flatten("", root, file.getFileName().toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("configuration file " + file + " is not valid JSON: " + e.getMessage(), e);
            }
        }

        private void flatten(String prefix, JsonNode node, String source) {
            if (node.isObject()) {
                node.properties().forEach(entry -> flatten(join(prefix, entry.getKey()), entry.getValue(), source));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    flatten(join(prefix, Integer.toString(i)), node.get(i), source);
                }
            } else if (!node.isNull()) {
                put(prefix, node.asText(), source);
            }
        }

        private static String join(String prefix, String key) {
            return prefix.isEmpty() ? key : prefix + ":" + key;
        }

        Configuration build() {
            return new Configuration(values);
        }
    }

    @Override
    public String toString() {
        return "Configuration" + values.keySet().stream().map(key -> key.toLowerCase(Locale.ROOT)).toList();
    }
}
