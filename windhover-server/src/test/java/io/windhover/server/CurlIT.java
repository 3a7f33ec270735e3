package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * curl against the server over loopback: a client other than our own and the JDK's. curl is
 * installed by bin/setup-test-tools (which .ci/run calls); the test fails, not skips, without it.
 */
class CurlIT {

    private WindhoverServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .urls("http://127.0.0.1:0")
                .shutdownTimeout(Duration.ofSeconds(2))
                .application(context -> {
                    var request = context.request();
                    var response = context.response();
                    if (request.method().equals("POST")) {
                        long size = request.body().transferTo(java.io.OutputStream.nullOutputStream());
                        response.body().write(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
                    } else {
                        response.headers().set("Content-Type", "text/plain");
                        response.body().write("Hello, World!".getBytes(StandardCharsets.US_ASCII));
                    }
                })
                .build();
        server.start();
        base = server.listeningUrls().getFirst();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("curl %s: %s", command, output).isZero();
        return output;
    }

    @Test
    void getsKeepsAliveAndUploadsChunked() throws Exception {
        assertThat(curl(base + "/")).isEqualTo("Hello, World!");
        String twice = curl("--verbose", base + "/", base + "/again");
        assertThat(twice).contains("Re-using existing connection");
        assertThat(twice.split("Hello, World!", -1)).as("two bodies").hasSize(3);
        Path upload = Files.createTempFile("windhover-upload", ".bin");
        try {
            Files.write(upload, new byte[5_000_000]);
            assertThat(curl("--header", "Transfer-Encoding: chunked", "--data-binary", "@" + upload, base + "/upload"))
                    .isEqualTo("5000000");
            assertThat(curl("--http1.0", "--data-binary", "@" + upload, base + "/upload")).isEqualTo("5000000");
        } finally {
            Files.delete(upload);
        }
    }
}
