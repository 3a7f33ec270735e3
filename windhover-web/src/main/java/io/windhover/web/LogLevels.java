package io.windhover.web;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Logging:LogLevel} section applied to the logging backend, at start and again whenever
 * the configuration is read anew: ASP.NET Core's {@code "Logging": {"LogLevel": {"Default":
 * "Information", "io.windhover.server": "Warning"}}}, {@code Default} standing for the root logger
 * and every other key for a logger category (a dotted name and all below it).
 *
 * <p>A category that a later reading no longer names gets back the level it had before the
 * configuration first changed it (logback.xml's, or none). Only the configuration reloader's thread
 * and the thread that creates the application call it, one after the other.
 */
final class LogLevels {

    private static final Logger LOG = LoggerFactory.getLogger(LogLevels.class);
    static final String SECTION = "Logging:LogLevel";
    private static final String DEFAULT = "Default";

    private final LoggingBackend backend;
    /** The levels categories had of their own before the configuration touched them. */
    private final Map<String, LogLevel> original = new HashMap<>();
    private Map<String, LogLevel> applied = Map.of();

    LogLevels(LoggingBackend backend) {
        this.backend = backend;
    }

    /**
     * The section's levels by category ({@link LoggingBackend#ROOT} for {@code Default}), checked
     * whole before anything is applied.
     *
     * @throws IllegalArgumentException naming the key, its value and its source, for a level that is
     *     no level
     */
    static Map<String, LogLevel> read(Configuration configuration) {
        Map<String, LogLevel> levels = new LinkedHashMap<>();
        configuration.section(SECTION).forEach((key, text) -> {
            LogLevel level = LogLevel.parse(text);
            if (level == null) {
                throw new IllegalArgumentException("configuration key '" + key + "' (from "
                        + configuration.find(key).source() + ", '" + text + "') is not a log level; use Trace, Debug, "
                        + "Information, Warning, Error, Critical or None");
            }
            String category = key.substring(SECTION.length() + 1);
            levels.put(category.equalsIgnoreCase(DEFAULT) ? LoggingBackend.ROOT : category, level);
        });
        return levels;
    }

    /** Applies {@code levels}, and puts back the categories the previous call set and this one does not. */
    void apply(Map<String, LogLevel> levels) {
        levels.forEach((category, level) -> {
            if (!original.containsKey(category)) {
                original.put(category, backend.ownLevel(category));
            }
            backend.setLevel(category, level);
        });
        for (String category : applied.keySet()) {
            if (!levels.containsKey(category)) {
                backend.setLevel(category, original.get(category));
            }
        }
        if (!levels.equals(applied) && !applied.isEmpty()) {
            LOG.info("log levels now {}", levels);
        }
        applied = Map.copyOf(levels);
    }
}
