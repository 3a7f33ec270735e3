package io.windhover.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one configuration file ({@code windhover.json}, {@code windhover.ENVIRONMENT.json}) sets;
 * null for what it leaves out, and for every value when there is no such file.
 *
 * <pre>{@code
 * {"urls": ["http://localhost:5000", "http://unix:/run/app.sock"], "environment": "Staging"}
 * }</pre>
 */
record ConfigurationFile(String urls, String environment) {

    private static final ConfigurationFile NONE = new ConfigurationFile(null, null);

    /**
     * @throws IllegalArgumentException naming the file, when it is not a JSON object or a value
     *     has the wrong type
     */
    static ConfigurationFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("configuration file " + file + " must hold a JSON object");
            }
            return new ConfigurationFile(text(root, "urls", file), text(root, "environment", file));
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A string, or an array of them joined with {@code ;}. */
    private static String text(JsonNode root, String name, Path file) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(element -> parts.add(element.asText()));
            return String.join(";", parts);
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("configuration file " + file + ": '" + name + "' must be a string");
        }
        return value.asText();
    }
}
