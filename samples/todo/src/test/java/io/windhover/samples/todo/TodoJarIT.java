package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sample run as bin/todo runs it — {@code java -jar target/todo.jar --content-root
 * samples/todo ...} in a process of its own — so the environment variables a test process cannot
 * set are real: {@code WINDHOVER_URLS} and {@code WINDHOVER_DEV_CERTS}.
 */
class TodoJarIT {

    private static final Path JAR = Path.of("target", "todo.jar").toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("Now listening on: (https://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path folder;

    private static Process start(Map<String, String> environment, Path contentRoot) throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(), "-jar", JAR.toString(),
                "--content-root", contentRoot.toString());
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("WINDHOVER_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Its output lines, read on a thread of their own so the test's waits stay bounded. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException ended) {
                // the process went away
            }
        });
        return lines;
    }

    @Test
    void servesHttpsFromWindhoverUrlsWithTheDevelopmentCertificateItMakesOnAFreshMachine() throws Exception {
        Path devCerts = folder.resolve("dev-certs");
        Process todo = start(Map.of("WINDHOVER_URLS", "https://127.0.0.1:0", "WINDHOVER_DEV_CERTS", devCerts.toString()),
                Path.of("").toAbsolutePath());
        try {
            BlockingQueue<String> output = lines(todo);
            List<String> seen = new ArrayList<>();
            String base = null;
            while (base == null) {
                String line = output.poll(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
                assertThat(line).as("todo's output until it listens: %s", seen).isNotNull();
                seen.add(line);
                Matcher listening = LISTENING.matcher(line);
                base = listening.find() ? listening.group(1) : null;
            }
            assertThat(String.join("\n", seen)).as("it says where the certificate is and that it was just made")
                    .contains("https URLs serve the development certificate " + devCerts.resolve("localhost.pem") + " (made now;");
            try (var client = TrustingClients.trusting(devCerts.resolve("localhost.pem"))) {
                var todos = client.send(HttpRequest.newBuilder(URI.create(base + "/todos")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(todos.statusCode()).isEqualTo(200);
                assertThat(todos.body()).isEqualTo("[]");
            }
        } finally {
            todo.destroy(); // SIGTERM: the graceful stop Ctrl-C gives
            if (!todo.waitFor(30, TimeUnit.SECONDS)) {
                todo.destroyForcibly();
            }
        }
    }

    @Test
    void refusesToStartInOneLineNamingAConfiguredCertificateFileThatIsMissing() throws Exception {
        Path root = Files.createDirectories(folder.resolve("app"));
        Files.writeString(root.resolve("windhover.json"), """
                {"urls": "https://127.0.0.1:0", "Certificates": {"Default": {"Path": "site.pem", "KeyPath": "site-key.pem"}}}""");
        Process todo = start(Map.of(), root);
        String output = new String(todo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(todo.waitFor(60, TimeUnit.SECONDS)).as("todo exited").isTrue();
        assertThat(todo.exitValue()).as(output).isEqualTo(1);
        assertThat(output.strip()).as("one line, no stack trace")
                .isEqualTo("todo: cannot start: certificate file " + root.resolve("site.pem") + " does not exist");
    }
}
