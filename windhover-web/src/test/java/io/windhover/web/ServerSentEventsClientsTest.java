package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-sent events read by real clients over loopback TCP, line by line as they arrive: the JDK's
 * {@code HttpClient} over HTTP/1.1 and over HTTP/2 (h2c, by its {@code Upgrade}), and {@code curl
 * --no-buffer} over HTTP/1.1 and over h2c with prior knowledge. The producer sends its next event
 * only once the client has read the last, so a response that held events back would stall the test.
 * Then the client goes away, and the producer, waiting for its next event, is stopped.
 */
class ServerSentEventsClientsTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(ServerSentEventOptions.DEFAULT_HEARTBEAT_SECONDS);

    private final ManualTaskScheduler scheduler = new ManualTaskScheduler();
    /** One token per event the producer may send. */
    private final BlockingQueue<Boolean> next = new LinkedBlockingQueue<>();
    private final AtomicReference<String> ending = new AtomicReference<>();
    private final CountDownLatch producerEnded = new CountDownLatch(1);
    private WebApplication app;
    private String base;

    @BeforeEach
    void start() throws Exception {
        app = WebApplication.create("--urls", "http://127.0.0.1:0").server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.get("/count", context -> Results.serverSentEvents(ServerSentEventOptions.defaults().withScheduler(scheduler), events -> {
            try {
                for (int n = 1; ; n++) {
                    next.take();
                    events.send(ServerSentEvent.of("event " + n + "\nline two").withEvent("count").withId(Integer.toString(n)));
                }
            } catch (Exception e) {
                ending.set(e.getClass().getSimpleName());
                throw e;
            } finally {
                producerEnded.countDown();
            }
        }));
        app.start();
        base = app.listeningUrls().getFirst();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void jdkClientReadsEachEventAsItComesOverHttp1() throws Exception {
        readsEventsThenLeaves(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void jdkClientReadsEachEventAsItComesOverH2c() throws Exception {
        readsEventsThenLeaves(HttpClient.Version.HTTP_2);
    }

    private void readsEventsThenLeaves(HttpClient.Version version) throws Exception {
        try (var client = HttpClient.newBuilder().version(version).build()) {
            HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(base + "/count"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.version()).isEqualTo(version);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
            try (Stream<String> body = response.body()) {
                var lines = new Lines(body.iterator());
                readTwoEvents(lines);
            } // closing the body leaves: HTTP/2 resets the stream, HTTP/1.1 closes the connection
            producerStops();
        }
    }

    @Test
    void curlReadsEachEventAsItComesOverHttp1() throws Exception {
        curlReadsEventsThenLeaves(List.of(), "HTTP/1.1 200 OK");
    }

    @Test
    void curlReadsEachEventAsItComesOverH2cWithPriorKnowledge() throws Exception {
        curlReadsEventsThenLeaves(List.of("--http2-prior-knowledge"), "HTTP/2 200 ");
    }

    private void curlReadsEventsThenLeaves(List<String> flags, String statusLine) throws Exception {
        // The head is checked in -v's transcript on stderr: curl 7.88 with --include holds the head
        // back until the first body bytes, and this stream's first bytes wait for the test.
        var command = new java.util.ArrayList<>(List.of("curl", "-sS", "-v", "--no-buffer", "-H", "Accept: text/event-stream"));
        command.addAll(flags);
        command.add(base + "/count");
        // Into a file, not a pipe: destroy() closes the process's pipes, and a reader not yet done
        // with the transcript would lose it ("Stream closed") on a busy machine.
        java.nio.file.Path stderr = java.nio.file.Files.createTempFile("curl", ".stderr");
        Process curl = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try {
            var lines = new Lines(new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8)).lines().iterator());
            readTwoEvents(lines);
        } finally {
            curl.destroy(); // leaves as a client that is stopped does: its socket closes
            assertThat(curl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        String transcript = java.nio.file.Files.readString(stderr);
        java.nio.file.Files.delete(stderr);
        assertThat(transcript).contains("< " + statusLine).containsIgnoringCase("< content-type: text/event-stream\r\n")
                .containsIgnoringCase("< cache-control: no-cache\r\n");
        producerStops();
    }

    /** Lets the producer send one event at a time and reads each, whole, before letting it send the next. */
    private void readTwoEvents(Lines lines) throws InterruptedException {
        for (int n = 1; n <= 2; n++) {
            next.add(true);
            assertThat(List.of(lines.next(), lines.next(), lines.next(), lines.next(), lines.next()))
                    .containsExactly("id: " + n, "event: count", "data: event " + n, "data: line two", "");
        }
    }

    /**
     * The client left while the producer waited for its next event: the producer is interrupted, at
     * once where the protocol says so (an HTTP/2 reset), else when a heartbeat finds the connection
     * gone (over TCP the first write after the close draws the reset, the next fails).
     */
    private void producerStops() throws InterruptedException {
        for (int beats = 0; beats < 10 && !producerEnded.await(200, TimeUnit.MILLISECONDS); beats++) {
            scheduler.advance(HEARTBEAT);
        }
        assertThat(producerEnded.await(5, TimeUnit.SECONDS)).as("the producer stopped").isTrue();
        assertThat(ending).hasValue("InterruptedException");
    }

    /** Lines from a blocking source, each waited for at most 10 s: a response that held back its events fails the test, not hangs it. */
    private static final class Lines {
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

        Lines(Iterator<String> source) {
            Thread.startVirtualThread(() -> {
                try {
                    source.forEachRemaining(queue::add);
                    queue.add(new Object());
                } catch (RuntimeException closed) {
                    queue.add(closed);
                }
            });
        }

        String next() throws InterruptedException {
            Object line = queue.poll(10, TimeUnit.SECONDS);
            if (line instanceof String text) {
                return text;
            }
            throw new AssertionError(line == null ? "no line within 10 s" : "the stream ended: " + line);
        }
    }
}
