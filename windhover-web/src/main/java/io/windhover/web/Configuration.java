package io.windhover.web;

import com.fasterxml.jackson.databind.JsonNode;
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
 *   <li>{@code windhover.json}, then {@code windhover.yaml} (or {@code .yml}) in the content root:
 *       nested objects become {@code Section:Key}, array elements {@code Section:0}, {@code Section:1};
 *   <li>{@code windhover.ENVIRONMENT.json} and {@code .yaml} beside them;
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

    static Configuration empty() {
        return new Configuration(Map.of());
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
     * Section {@code section} bound to {@code type} (a record or a bean): each key under it sets the
     * property of that name, ignoring case, its text read as the property's type; nested sections
     * set nested objects, {@code :0}, {@code :1} keys lists. The value is then validated when its
     * type has Jakarta Bean Validation constraints. Call it while the application is configured, so
     * that a bad setting stops the start.
     *
     * <pre>{@code
     * record TodoOptions(@Positive long maxAttachmentBytes, String attachmentsPath) {}
     * TodoOptions options = app.configuration().bind("Todo", TodoOptions.class);
     * }</pre>
     *
     * @throws IllegalArgumentException naming the key, its value and its source, when a value cannot
     *     be read as its property's type or breaks a constraint
     */
    public <T> T bind(String section, Class<T> type) {
        Map<String, Object> tree = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        section(section).forEach((key, value) -> put(tree, key.substring(section.length() + 1).split(":"), value));
        T bound;
        try {
            bound = BINDER.convertValue(listsOf(tree), type);
        } catch (IllegalArgumentException e) {
            throw bindingFailure(section, e);
        }
        try {
            validation.validate(bound);
            return bound;
        } catch (ValidationFailedException e) {
            List<String> problems = new java.util.ArrayList<>();
            e.errors().forEach((path, messages) -> {
                String key = spelled(section + ":" + path.replace('.', ':').replace("[", ":").replace("]", ""));
                Value value = find(key);
                problems.add("'" + key + "'" + (value == null ? " (not set)" : " (from " + value.source() + ", '"
                        + value.value() + "')") + " " + String.join(", ", messages));
            });
            throw new IllegalArgumentException("configuration section '" + section + "': " + String.join("; ", problems));
        }
    }

    /**
     * Reads text as numbers, booleans and time spans, matches names ignoring case, and ignores keys
     * the type does not have.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper BINDER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule().addDeserializer(java.time.Duration.class,
                    new TimeSpanDeserializer()))
            .build();

    /** A {@link java.time.Duration} written as .NET's time span, ISO-8601 or seconds, as the server's own settings are. */
    private static final class TimeSpanDeserializer
            extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<java.time.Duration> {

        TimeSpanDeserializer() {
            super(java.time.Duration.class);
        }

        @Override
        public java.time.Duration deserialize(com.fasterxml.jackson.core.JsonParser parser,
                com.fasterxml.jackson.databind.DeserializationContext context) throws java.io.IOException {
            String text = parser.getValueAsString();
            java.time.Duration parsed = text == null ? null : ServerConfiguration.parseTimeSpan(text.strip());
            if (parsed == null) {
                return (java.time.Duration) context.handleWeirdStringValue(java.time.Duration.class, text,
                        "not a time span such as 00:02:10, PT2M10S or a number of seconds");
            }
            return parsed;
        }
    }

    /** Bean Validation for bound sections; its validator is built only for a type with constraints. */
    private final BeanValidation validation = new BeanValidation();

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String[] path, String value) {
        Map<String, Object> node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            Object child = node.computeIfAbsent(path[i], key -> new TreeMap<String, Object>(String.CASE_INSENSITIVE_ORDER));
            if (!(child instanceof Map)) {
                return; // a key that is both a value and a section: the value is taken, as ASP.NET does
            }
            node = (Map<String, Object>) child;
        }
        node.putIfAbsent(path[path.length - 1], value);
    }

    /** Maps whose keys are exactly 0, 1, ... become lists, as ASP.NET binds {@code Section:0} to a collection. */
    @SuppressWarnings("unchecked")
    private static Object listsOf(Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        Map<String, Object> converted = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) map).forEach((key, value) -> converted.put(key, listsOf(value)));
        boolean indexed = !converted.isEmpty();
        for (int i = 0; i < converted.size() && indexed; i++) {
            indexed = converted.containsKey(Integer.toString(i));
        }
        if (!indexed) {
            return converted;
        }
        List<Object> list = new java.util.ArrayList<>();
        for (int i = 0; i < converted.size(); i++) {
            list.add(converted.get(Integer.toString(i)));
        }
        return list;
    }

    private IllegalArgumentException bindingFailure(String section, IllegalArgumentException e) {
        if (e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            var key = new StringBuilder(section);
            for (var reference : mapping.getPath()) {
                key.append(':').append(reference.getFieldName() != null ? reference.getFieldName() : Integer.toString(reference.getIndex()));
            }
            String spelled = spelled(key.toString());
            Value value = find(spelled);
            String expected = mapping instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid
                    ? " cannot be read as " + invalid.getTargetType().getSimpleName() : " cannot be bound: " + firstLine(mapping.getOriginalMessage());
            return new IllegalArgumentException("configuration key '" + spelled + "'"
                    + (value == null ? "" : " (from " + value.source() + ", '" + value.value() + "')") + expected, e);
        }
        return new IllegalArgumentException("configuration section '" + section + "' cannot be bound to "
                + "its type: " + firstLine(e.getMessage()), e);
    }

    /** {@code key} as the configuration spells it, when it holds it in another case. */
    private String spelled(String key) {
        for (String held : values.keySet()) {
            if (held.equalsIgnoreCase(key)) {
                return held;
            }
        }
        return key;
    }

    private static String firstLine(String text) {
        int newline = text == null ? -1 : text.indexOf('\n');
        return newline < 0 ? String.valueOf(text) : text.substring(0, newline);
    }

    /**
     * Reads the sources above. {@code environment} picks the environment's file.
     *
     * @throws IllegalArgumentException naming the file, when a file is not a JSON object
     */
    static Configuration read(Path contentRoot, String environment, Map<String, String> variables,
            List<Map.Entry<String, String>> commandLine) {
        var builder = new Builder();
        for (String name : List.of("windhover", "windhover." + environment)) {
            for (String extension : ConfigurationFile.EXTENSIONS) {
                builder.addFile(contentRoot.resolve(name + extension));
            }
        }
        variables.forEach((name, value) -> builder.put(name.replace("__", ":"), value, "environment variable " + name));
        commandLine.forEach(entry -> builder.put(entry.getKey(), entry.getValue(), "command line"));
        return builder.build();
    }

    private static final class Builder {
        private final Map<String, Value> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        void put(String key, String value, String source) {
            values.put(key, new Value(value, source));
        }

        void addFile(Path file) {
            JsonNode root = ConfigurationFile.tree(file);
            if (root != null) {
                flatten("", root, file.getFileName().toString());
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
