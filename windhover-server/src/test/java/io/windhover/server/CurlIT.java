package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * curl against the server over loopback: a client other than our own and the JDK's. curl is
 * installed by bin/setup-test-tools (which .ci/run calls); the test fails, not skips, without it.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class CurlIT {

    private static final long GIBIBYTE = 1L << 30;
    /** What the big transfers carry, repeated: not zeros, so that a misplaced chunk changes the checksum. */
    private static final byte[] PATTERN = new byte[64 * 1024];

    static {
        new Random(7).nextBytes(PATTERN);
    }

    @Parameter
    Scheduling scheduling;

    private WindhoverServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .scheduling(scheduling)
                .urls("http://127.0.0.1:0")
                .shutdownTimeout(Duration.ofSeconds(2))
                .application(context -> {
                    var request = context.request();
                    var response = context.response();
                    if (request.path().equals("/checksum")) {
                        request.maxBodySize(Long.MAX_VALUE);
                        var checksum = new CRC32();
                        long size = 0;
                        byte[] chunk = new byte[64 * 1024];
                        for (int n; (n = request.body().read(chunk)) >= 0; size += n) {
                            checksum.update(chunk, 0, n);
                        }
                        String framing = request.headers().containsToken("Transfer-Encoding", "chunked") ? "chunked" : "sized";
                        response.body().write((framing + " " + size + " " + Long.toHexString(checksum.getValue()))
                                .getBytes(StandardCharsets.US_ASCII));
                    } else if (request.path().equals("/download")) {
                        long size = Long.parseLong(request.query().substring("?bytes=".length()));
                        for (long sent = 0; sent < size; sent += PATTERN.length) {
                            response.body().write(PATTERN, 0, (int) Math.min(PATTERN.length, size - sent));
                        }
                    } else if (request.method().equals("POST")) {
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

    @Test
    void speaksHttp2ByPriorKnowledgeOnTheDefaultEndPoint() throws Exception {
        assertThat(curl("--http2-prior-knowledge", "--write-out", " %{http_version}", base + "/")).isEqualTo("Hello, World! 2");
        // A 5 MB body: more than the 768 KiB stream window and the 1 MiB connection window, so the
        // upload moves on the server's WINDOW_UPDATEs. (One request per curl: Debian 12's curl 7.88
        // fails to reuse an h2c connection, against nginx as against us.)
        Path upload = Files.createTempFile("windhover-upload", ".bin");
        try {
            Files.write(upload, new byte[5_000_000]);
            String output = curl("--verbose", "--http2-prior-knowledge", "--data-binary", "@" + upload, base + "/upload");
            assertThat(output).contains("< HTTP/2 200").endsWith("5000000");
        } finally {
            Files.delete(upload);
        }
        // 20 MiB down: far past the client's initial 64 KiB window and the connection's.
        long size = 20L << 20;
        String summary = curl("--http2-prior-knowledge", "--output", "/dev/null", "--write-out", "%{size_download} %{http_version}",
                base + "/download?bytes=" + size);
        assertThat(summary).isEqualTo(size + " 2");
    }

    @Test
    void tellsAnHttp2PriorKnowledgeClientToUseHttp11OnAnHttp1EndPoint() throws Exception {
        try (var http1 = WindhoverServer.builder().scheduling(scheduling).urls("http://127.0.0.1:0").protocols(HttpProtocols.HTTP1)
                .shutdownTimeout(Duration.ofSeconds(2))
                .application(context -> context.response().body().write("Hello, World!".getBytes(StandardCharsets.US_ASCII)))
                .build()) {
            http1.start();
            String url = http1.listeningUrls().getFirst() + "/";
            List<String> command = List.of("curl", "--silent", "--show-error", "--verbose", "--max-time", "20",
                    "--http2-prior-knowledge", url);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("curl fails: no HTTP/2 here").isNotZero();
            // The server preface (an empty SETTINGS frame) and GOAWAY HTTP_1_1_REQUIRED (13), as curl reports them.
            assertThat(output).containsPattern("GOAWAY, error=13, last_stream=0");
            // Upgrade: h2c is an offer the server may decline: it answers in HTTP/1.1 (RFC 9110 §7.8).
            assertThat(curl("--http2", url)).isEqualTo("Hello, World!");
        }
    }

    /** The CRC-32 of {@code size} bytes of the repeated pattern, as the server computes it. */
    private static long patternChecksum(long size) {
        var checksum = new CRC32();
        for (long done = 0; done < size; done += PATTERN.length) {
            checksum.update(PATTERN, 0, (int) Math.min(PATTERN.length, size - done));
        }
        return checksum.getValue();
    }

    /** Samples the pool's rented blocks every few milliseconds until closed; the peak is the answer. */
    private final class PoolPeak implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(server.memoryStatistics().rentedBlocks(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        long peakBytes() {
            return peak.get() * server.memoryStatistics().blockSize();
        }

        @Override
        public void close() throws InterruptedException {
            sampler.interrupt();
            sampler.join();
        }
    }

    /** The read buffer limit (1 MiB) and the write buffer limit (64 KiB), with room for the blocks in flight. */
    private static final long FLAT_MEMORY_BYTES = 3L * 1024 * 1024;

    @Test
    void uploadsAGibibyteChunkedWithFlatMemory() throws Exception {
        var command = List.of("curl", "--silent", "--show-error", "--max-time", "120", "--request", "POST",
                "--upload-file", "-", base + "/checksum");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String answer;
        try (var peak = new PoolPeak()) {
            var feeder = Thread.ofVirtual().start(() -> {
                try (var stdin = process.getOutputStream()) {
                    for (long sent = 0; sent < GIBIBYTE; sent += PATTERN.length) {
                        stdin.write(PATTERN);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            feeder.join();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("curl: %s", answer).isZero();
            assertThat(peak.peakBytes()).as("pool memory at the peak of the upload").isLessThanOrEqualTo(FLAT_MEMORY_BYTES);
        }
        assertThat(answer).isEqualTo("chunked " + GIBIBYTE + " " + Long.toHexString(patternChecksum(GIBIBYTE)));
    }

    @Test
    void downloadsAGibibyteChunkedWithFlatMemory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(scheduling == Scheduling.VIRTUAL_THREAD,
                "inline responses are not held back for the peer, so a large one belongs on a virtual thread");
        Path headers = Files.createTempFile("windhover-download", ".headers");
        try (var peak = new PoolPeak()) {
            var command = List.of("curl", "--silent", "--show-error", "--max-time", "120", "--dump-header", headers.toString(),
                    base + "/download?bytes=" + GIBIBYTE);
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            var checksum = new CRC32();
            long size = 0;
            byte[] chunk = new byte[64 * 1024];
            try (var stdout = process.getInputStream()) {
                for (int n; (n = stdout.read(chunk)) >= 0; size += n) {
                    checksum.update(chunk, 0, n);
                }
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(size).isEqualTo(GIBIBYTE);
            assertThat(checksum.getValue()).isEqualTo(patternChecksum(GIBIBYTE));
            assertThat(Files.readString(headers)).containsIgnoringCase("Transfer-Encoding: chunked");
            assertThat(peak.peakBytes()).as("pool memory at the peak of the download").isLessThanOrEqualTo(FLAT_MEMORY_BYTES);
        } finally {
            Files.delete(headers);
        }
    }
}
