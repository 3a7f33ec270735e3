package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where brotli4j has no native library (every platform but the few it ships one for, or a jar
 * built without it), the server still starts and serves, compresses with gzip, and says why in
 * one log line. The platform here has the library, so the test runs the server in a JVM of its own
 * whose class path is this test's without brotli4j's native jar: the situation an application
 * meets on such a platform, not a flag that pretends it.
 */
class BrotliMissingTest {

    @TempDir
    Path temporary;

    @Test
    void startsAndServesGzipWithOneLogLineWhenTheNativeLibraryIsMissing() throws Exception {
        List<String> classPath = classPathWithoutNativeBrotli();
        assertThat(classPath).as("the test's own classes and the web layer").hasSizeGreaterThan(3);
        Path log = temporary.resolve("server.log");
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", // as an application's launcher or jar manifest says
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.windhover.web.middleware.ResponseCompression=info",
                // brotli4j's loader may unpack a library into the temporary folder: keep it in ours.
                "-Djava.io.tmpdir=" + temporary,
                "-cp", String.join(File.pathSeparator, classPath), GzipOnlyServer.class.getName()));
        Process server = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try (var lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                var client = HttpClient.newHttpClient()) {
            String url = lines.readLine();
            assertThat(url).as("the server's first line, its URL; its log: %s", Files.exists(log) ? Files.readString(log) : "")
                    .startsWith("http://127.0.0.1:");

            var response = client.send(HttpRequest.newBuilder(URI.create(url + "/text"))
                    .header("Accept-Encoding", "br, gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).as("br is preferred, and cannot be written").hasValue("gzip");
            try (var gunzip = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                assertThat(new String(gunzip.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(GzipOnlyServer.TEXT);
            }

            var brotliOnly = client.send(HttpRequest.newBuilder(URI.create(url + "/text"))
                    .header("Accept-Encoding", "br").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(brotliOnly.headers().firstValue("Content-Encoding")).as("br alone: sent as it is").isEmpty();
            assertThat(brotliOnly.body()).isEqualTo(GzipOnlyServer.TEXT);
        } finally {
            server.getOutputStream().close(); // the child's cue to stop
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server stopped").isTrue();
        }
        List<String> said = Files.readAllLines(log);
        assertThat(said).as("one line, naming the platform and the fallback, and nothing else at WARN or above").hasSize(1);
        assertThat(said.getFirst()).contains("INFO").contains("Brotli is not available on " + ResponseCompression.platform())
                .contains("compressed with gzip only");
    }

    /** This JVM's module path and class path (and the test classes, which Surefire patches into the module), less brotli4j's natives. */
    private static List<String> classPathWithoutNativeBrotli() throws Exception {
        Set<String> entries = new LinkedHashSet<>();
        // Surefire runs in the module's folder, and patches the test classes into the module from there.
        entries.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        List<String> without = entries.stream().filter(entry -> !Path.of(entry).getFileName().toString().startsWith("native-")).toList();
        assertThat(without).as("brotli4j's native jar was on the path and is left out").hasSize(entries.size() - 1);
        return without;
    }
}
