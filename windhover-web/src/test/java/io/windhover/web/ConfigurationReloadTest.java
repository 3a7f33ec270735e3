package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.middleware.RateLimiting;
import jakarta.validation.constraints.Positive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changed configuration file applied live to rate limits, and an invalid edit (unparsable, or a
 * broken constraint) logged and refused with the old limits kept. Waits on the reloader's counts,
 * never on time.
 */
class ConfigurationReloadTest {

    public record RateLimit(@Positive int permits) {
    }

    @TempDir
    Path root;

    @Test
    void appliesAChangedFileLiveAndKeepsTheOldValuesWhenAnEditIsInvalid() throws Exception {
        Path file = root.resolve("windhover.json");
        Files.writeString(file, "{\"RateLimit\": {\"Permits\": 2}}");
        var app = WebApplication.create("--content-root", root.toString());
        var limiter = RateLimiting.fixedWindow(100, Duration.ofHours(1));
        List<Integer> applied = new CopyOnWriteArrayList<>();
        app.use(limiter);
        app.onReload("RateLimit", RateLimit.class, limit -> {
            applied.add(limit.permits());
            limiter.update(RateLimiting.fixedWindow(limit.permits(), Duration.ofHours(1)));
        });
        app.get("/", context -> "ok");
        try (var host = TestHost.start(TestHost.Kind.IN_MEMORY, app)) {
            assertThat(applied).containsExactly(2);
            assertThat(allowedOf(host, 4)).isEqualTo(2);

            replace(file, "{\"RateLimit\": {\"Permits\": 5}}");
            await(() -> app.configurationReloads()[0], 1);
            assertThat(applied).last().isEqualTo(5);
            assertThat(app.configuration().get("RateLimit:Permits")).isEqualTo("5");
            assertThat(allowedOf(host, 7)).as("every client starts afresh under the new limit").isEqualTo(5);

            replace(file, "{\"RateLimit\": {\"Permits\": ");
            await(() -> app.configurationReloads()[1], 1);
            int appliedSoFar = app.configurationReloads()[0];
            replace(file, "{\"RateLimit\": {\"Permits\": 0}}");
            await(() -> app.configurationReloads()[1], 2);
            assertThat(app.configurationReloads()[0]).isEqualTo(appliedSoFar);
            assertThat(applied).as("nothing applied from the invalid edits").last().isEqualTo(5);
            assertThat(app.configuration().get("RateLimit:Permits")).isEqualTo("5");
        }
    }

    /**
     * Replaces the file in one step, as deployment tools and careful editors do: a reader never
     * sees it half written (a half-written file would be refused too, and the old values kept, but
     * with a WARN line of its own that would make the counts above ambiguous).
     */
    private static void replace(Path file, String text) throws java.io.IOException {
        Path next = Files.writeString(file.resolveSibling("next.tmp"), text);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** How many of {@code requests} GETs are let through. */
    private static int allowedOf(TestHost host, int requests) throws Exception {
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            if (host.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200 ")) {
                allowed++;
            }
        }
        return allowed;
    }

    /** Waits until {@code count} reaches {@code at least}: the reloader's state, read until a 10 s deadline. */
    private static void await(IntSupplier count, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsInt() < atLeast) {
            assertThat(System.nanoTime()).as("the count reached %d within 10 s", atLeast).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
