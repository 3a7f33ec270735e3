package io.windhover.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium on a test page that reports what it saw by posting it to {@code /report} on the
 * application under test: the test waits for that report (bounded), not for a time budget after
 * which the DOM is dumped, which could come before the page's last WebSocket event.
 */
final class ChromiumReport {

    private static final long TIMEOUT_SECONDS = 60;

    private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();

    /** Adds {@code POST /report} to {@code app}, before it starts. */
    ChromiumReport(WebApplication app) {
        app.post("/report", context -> {
            reports.add(new String(context.http().request().body().readAllBytes(), StandardCharsets.UTF_8));
            return Results.status(204);
        });
    }

    /** Loads {@code url} in a fresh profile under {@code profile} and returns the page's report. */
    String load(String url, Path profile, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(List.of(flags));
        command.add(url);
        Process browser = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String report = reports.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(report).as("the page's report within %d s", TIMEOUT_SECONDS).isNotNull();
            return report;
        } finally {
            browser.destroyForcibly();
            browser.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
