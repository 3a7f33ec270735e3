package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Logging:LogLevel} read and applied: ASP.NET's names and SLF4J's, {@code Default} as the
 * root, a bad level refused naming its key and source, and a category no longer named given back
 * the level it had before. The backend here is a map, since this module's tests run on slf4j-simple;
 * the same with logback, changed live from a file, is the todo sample's {@code LogLevelReloadTest}.
 */
class LogLevelsTest {

    /** Levels kept in a map, as a logging backend keeps them on its loggers. */
    private static final class MapBackend implements LoggingBackend {
        final Map<String, LogLevel> levels = new HashMap<>();

        @Override
        public LogLevel ownLevel(String category) {
            return levels.get(category);
        }

        @Override
        public void setLevel(String category, LogLevel level) {
            if (level == null) {
                levels.remove(category);
            } else {
                levels.put(category, level);
            }
        }
    }

    @Test
    void readsAspNetAndSlf4jNamesWithDefaultAsTheRoot() {
        var configuration = Configuration.of(Map.of("Logging:LogLevel:Default", "Warning",
                "Logging:LogLevel:io.windhover.server", "debug", "logging:loglevel:com.zaxxer", "None",
                "Logging:LogLevel:a.b", "Information", "Logging:LogLevel:a.c", "critical", "Logging:Other", "x"));
        assertThat(LogLevels.read(configuration)).containsOnly(Map.entry(LoggingBackend.ROOT, LogLevel.WARNING),
                Map.entry("io.windhover.server", LogLevel.DEBUG), Map.entry("com.zaxxer", LogLevel.NONE),
                Map.entry("a.b", LogLevel.INFORMATION), Map.entry("a.c", LogLevel.CRITICAL));
        for (String name : List.of("Trace", "TRACE", " warn ", "Error", "off", "INFO")) {
            assertThat(LogLevel.parse(name)).as(name).isNotNull();
        }
    }

    @Test
    void refusesALevelThatIsNoLevelNamingKeyValueAndSource() {
        var configuration = Configuration.of(Map.of("Logging:LogLevel:Default", "Loud"));
        assertThatThrownBy(() -> LogLevels.read(configuration)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Logging:LogLevel:Default'").hasMessageContaining("'Loud'")
                .hasMessageContaining("from " + configuration.find("Logging:LogLevel:Default").source());
    }

    @Test
    void appliesAndGivesARemovedCategoryBackItsOwnLevel() {
        var backend = new MapBackend();
        backend.setLevel("kept", LogLevel.ERROR); // what logback.xml said
        backend.setLevel(LoggingBackend.ROOT, LogLevel.INFORMATION);
        var levels = new LogLevels(backend);

        levels.apply(Map.of("kept", LogLevel.DEBUG, "fresh", LogLevel.TRACE, LoggingBackend.ROOT, LogLevel.WARNING));
        assertThat(backend.levels).containsOnly(Map.entry("kept", LogLevel.DEBUG), Map.entry("fresh", LogLevel.TRACE),
                Map.entry(LoggingBackend.ROOT, LogLevel.WARNING));

        levels.apply(Map.of("fresh", LogLevel.NONE));
        assertThat(backend.levels).as("kept and the root back to their own, fresh changed")
                .containsOnly(Map.entry("kept", LogLevel.ERROR), Map.entry("fresh", LogLevel.NONE),
                        Map.entry(LoggingBackend.ROOT, LogLevel.INFORMATION));

        levels.apply(Map.of());
        assertThat(backend.levels).as("fresh had no level of its own: it inherits again")
                .containsOnly(Map.entry("kept", LogLevel.ERROR), Map.entry(LoggingBackend.ROOT, LogLevel.INFORMATION));
    }
}
