package io.windhover.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients against the echo sample over 127.0.0.1: Python's {@code websockets} (Debian's
 * python3-websockets) and headless Chromium, both offering permessage-deflate. The JDK's client
 * is in windhover-web's WebSocketEndpointTest.
 */
class WebSocketClientsIT {

    private static final Path WORK = Path.of("target", "clients").toAbsolutePath();
    private static WebApplication app;
    private static String url;
    private static ChromiumReport chromium;

    @BeforeAll
    static void start() throws IOException {
        app = EchoApp.create("--urls", "http://127.0.0.1:0");
        chromium = new ChromiumReport(app);
        String page = new String(Objects.requireNonNull(WebSocketClientsIT.class.getResourceAsStream("/clients/echo_page.html"))
                .readAllBytes(), StandardCharsets.UTF_8);
        app.get("/page", context -> Results.text(page, "text/html; charset=utf-8"));
        app.start();
        String http = app.listeningUrls().getFirst();
        url = "ws" + http.substring("http".length()) + "/";
        Files.createDirectories(WORK);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static Path resource(String name) throws IOException {
        Path file = WORK.resolve(name);
        try (InputStream in = Objects.requireNonNull(WebSocketClientsIT.class.getResourceAsStream("/clients/" + name), name)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void pythonWebsocketsEchoesWithCompressionAndClosesWith1000() throws Exception {
        // /usr/bin/python3: Debian's, which sees Debian's python3-websockets (a pyenv one on PATH would not).
        String output = run(List.of("/usr/bin/python3", resource("echo_client.py").toString(), url));
        assertThat(output).contains("extensions: permessage-deflate").contains("closed: 1000");
    }

    @Test
    void chromiumEchoesTextAndBinaryWithCompressionAndClosesWith1000() throws Exception {
        String report = chromium.load("http" + url.substring("ws".length()) + "page", WORK.resolve("chromium-profile"));
        assertThat(report).isEqualTo("text: hello from chromium; extensions: permessage-deflate; binary: 1,2,3; closed: 1000");
    }
}
