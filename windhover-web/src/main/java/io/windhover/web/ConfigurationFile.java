package io.windhover.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one configuration file ({@code windhover.json}, {@code windhover.ENVIRONMENT.json}, or their
 * {@code .yaml} and {@code .yml} twins) sets;
 * null for what it leaves out, and for every value when there is no such file. Keys are matched
 * ignoring case, as in ASP.NET Core's configuration ({@code "Urls"} and {@code "urls"} are one key).
 *
 * <pre>{@code
 * {
 *   "urls": ["http://localhost:5000", "https://localhost:5001"],
 *   "environment": "Staging",
 *   "Certificates": {"Default": {"Path": "certs/site.pem", "KeyPath": "certs/site-key.pem", "Password": "..."}}
 * }
 * }</pre>
 *
 * <p>A certificate's relative paths are resolved against the folder the file is in — the content
 * root — not the working directory, as Kestrel resolves them against {@code ContentRootPath}: the
 * application finds its files wherever it is started from.
 */
record ConfigurationFile(String urls, String environment, CertificateConfiguration certificate) {

    private static final ConfigurationFile NONE = new ConfigurationFile(null, null, null);

    /**
     * What {@code NAME.json}, then {@code NAME.yaml} and {@code NAME.yml}, in {@code folder} set, a
     * later file's value winning over an earlier one's.
     *
     * @throws IllegalArgumentException naming the file, when one is not an object or a value has the
     *     wrong type
     */
    static ConfigurationFile read(Path folder, String name) {
        ConfigurationFile settings = NONE;
        for (String extension : EXTENSIONS) {
            settings = settings.overriddenBy(read(folder.resolve(name + extension)));
        }
        return settings;
    }

    /** The file names' endings, in rising precedence. */
    static final List<String> EXTENSIONS = List.of(".json", ".yaml", ".yml");

    private ConfigurationFile overriddenBy(ConfigurationFile later) {
        return new ConfigurationFile(later.urls != null ? later.urls : urls,
                later.environment != null ? later.environment : environment,
                later.certificate != null ? later.certificate : certificate);
    }

    /**
     * @throws IllegalArgumentException naming the file, when it is not an object or a value has the
     *     wrong type
     */
    static ConfigurationFile read(Path file) {
        JsonNode root = tree(file);
        if (root == null) {
            return NONE;
        }
        return new ConfigurationFile(text(root, "urls", file), text(root, "environment", file), certificate(root, file));
    }

    /**
     * The object a JSON file ({@code .json}) or YAML file ({@code .yaml}, {@code .yml}) holds, or
     * null when there is no such file.
     *
     * @throws IllegalArgumentException naming the file, when it does not hold an object
     */
    static JsonNode tree(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        boolean yaml = !file.getFileName().toString().endsWith(".json");
        try {
            JsonNode root = (yaml ? new YAMLMapper() : new ObjectMapper()).readTree(file.toFile());
            if (root == null || root.isMissingNode() || (yaml && root.isNull())) {
                return yaml ? new ObjectMapper().createObjectNode() : failNotObject(file);
            }
            return root.isObject() ? root : failNotObject(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration file " + file + " is not valid " + (yaml ? "YAML" : "JSON")
                    + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode failNotObject(Path file) {
        throw new IllegalArgumentException("configuration file " + file + " must hold " + (file.toString().endsWith(".json")
                ? "a JSON object" : "a YAML mapping"));
    }

    /** {@code "Certificates": {"Default": {"Path": ..., "KeyPath": ..., "Password": ...}}}, or null. */
    private static CertificateConfiguration certificate(JsonNode root, Path file) {
        JsonNode settings = object(object(root, "Certificates", "Certificates", file), "Default", "Certificates:Default", file);
        if (settings == null) {
            return null;
        }
        String path = string(settings, "Path", file);
        if (path == null) {
            throw new IllegalArgumentException("configuration file " + file
                    + ": 'Certificates:Default' needs a 'Path' (a PEM certificate with a 'KeyPath', or a PKCS#12 file)");
        }
        String keyPath = string(settings, "KeyPath", file);
        Path folder = file.toAbsolutePath().getParent();
        return new CertificateConfiguration(folder.resolve(path).normalize(),
                keyPath == null ? null : folder.resolve(keyPath).normalize(), string(settings, "Password", file));
    }

    /** An object-valued key of {@code parent}, or null when it or its parent is absent. */
    private static JsonNode object(JsonNode parent, String name, String label, Path file) {
        JsonNode value = parent == null ? null : field(parent, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("configuration file " + file + ": '" + label + "' must be an object");
        }
        return value;
    }

    /** A string-valued key of the certificate's settings. */
    private static String string(JsonNode settings, String name, Path file) {
        JsonNode value = field(settings, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("configuration file " + file + ": 'Certificates:Default:" + name
                    + "' must be a string");
        }
        return value.asText();
    }

    /** A string, or an array of them joined with {@code ;}. */
    private static String text(JsonNode root, String name, Path file) {
        JsonNode value = field(root, name);
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

    private static JsonNode field(JsonNode object, String name) {
        if (object == null) {
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
