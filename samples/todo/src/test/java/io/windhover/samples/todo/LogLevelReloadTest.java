package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.windhover.web.WebApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code Logging:LogLevel} in windhover.json changes logback's levels while the sample runs: applied
 * at start, changed when the file changes, a category left out given back its own level, and an
 * invalid edit logged with the previous levels kept. Waits on the levels and on the log's events,
 * never on time.
 */
class LogLevelReloadTest {

    private static final String CATEGORY = "io.windhover.samples.todo.LogLevelReloadTest.probe";

    @TempDir
    Path root;
    private final ListAppender<ILoggingEvent> reloaderLog = new ListAppender<>();
    private final Logger reloaderLogger = (Logger) LoggerFactory.getLogger("io.windhover.web.ConfigurationReloader");
    private final Logger probe = (Logger) LoggerFactory.getLogger(CATEGORY);

    @BeforeEach
    void listen() {
        reloaderLog.start();
        reloaderLogger.addAppender(reloaderLog);
        reloaderLogger.setLevel(Level.INFO);
    }

    @AfterEach
    void stopListening() {
        reloaderLogger.detachAppender(reloaderLog);
        reloaderLogger.setLevel(null);
        probe.setLevel(null);
    }

    @Test
    void levelsFollowTheFileAndAnInvalidEditKeepsThePreviousOnes() throws Exception {
        Path file = root.resolve("windhover.json");
        replace(file, "{\"Logging\": {\"LogLevel\": {\"" + CATEGORY + "\": \"Error\"}}}");
        try (WebApplication app = TodoApp.create("--urls", "http://127.0.0.1:0", "--content-root", root.toString(),
                "--ConnectionStrings:Todos=jdbc:sqlite::memory:")) {
            app.start();
            assertThat(probe.getLevel()).as("applied at start").isEqualTo(Level.ERROR);
            assertThat(LoggerFactory.getLogger(CATEGORY + ".below").isWarnEnabled()).as("and below it").isFalse();

            replace(file, "{\"Logging\": {\"LogLevel\": {\"" + CATEGORY + "\": \"Debug\"}}}");
            await(() -> probe.getLevel() == Level.DEBUG);
            assertThat(LoggerFactory.getLogger(CATEGORY + ".below").isDebugEnabled()).isTrue();

            replace(file, "{\"Logging\": {\"LogLevel\": {\"" + CATEGORY + "\": \"Loud\"}}}");
            await(() -> refusals() == 1);
            ILoggingEvent refusal = events().getLast();
            assertThat(refusal.getLevel()).isEqualTo(Level.WARN);
            assertThat(refusal.getFormattedMessage()).contains("'Logging:LogLevel:" + CATEGORY + "'")
                    .contains("'Loud'").contains("the previous settings stay");
            assertThat(probe.getLevel()).as("the previous level stays").isEqualTo(Level.DEBUG);

            replace(file, "{\"Logging\": {\"LogLevel\": {\"Default\": \"Warning\"}}}");
            await(() -> probe.getLevel() == null);
            assertThat(LoggerFactory.getLogger(CATEGORY).isInfoEnabled()).as("inherits the root's WARN now").isFalse();
            assertThat(refusals()).isEqualTo(1);
        }
    }

    private long refusals() {
        return events().stream().filter(event -> event.getLevel() == Level.WARN).count();
    }

    /** The reloader's events so far; the appender adds them holding its own monitor. */
    private List<ILoggingEvent> events() {
        synchronized (reloaderLog) {
            return List.copyOf(reloaderLog.list);
        }
    }

    /** Replaces the file in one step, so the watcher never reads it half written. */
    private static void replace(Path file, String text) throws IOException {
        Path next = Files.writeString(file.resolveSibling("next.tmp"), text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Polls {@code condition} until it holds, failing after 10 s. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the condition held within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
