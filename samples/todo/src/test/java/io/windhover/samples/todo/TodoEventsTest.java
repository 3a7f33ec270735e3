package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /todos/events} over a loopback socket, read by the JDK's {@code HttpClient} line by line:
 * each write through the API is an event {@code todo} with the next id, attachments included;
 * {@code Last-Event-ID} replays what a client missed, within the history ({@code Todo:EventHistory});
 * a client that leaves (an HTTP/2 reset) unsubscribes at once; the server's stop ends open streams
 * rather than wait for them.
 */
class TodoEventsTest {

    @TempDir
    Path attachments;

    private TodoFeedServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TodoFeedServer(attachments);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int attach(String path) throws Exception {
        String upload = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nmilk!\r\n--b--\r\n";
        return server.client().send(HttpRequest.newBuilder(URI.create(server.base() + path)).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(upload)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Opens the stream, as {@code EventSource} does, with the last id seen or none. */
    private Events open(HttpClient over, String lastEventId) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.base() + "/todos/events")).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = over.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        return new Events(response.body());
    }

    @Test
    void eachWriteIsAnEventTodoWithTheNextId() throws Exception {
        try (var events = open(server.client(), null)) {
            assertThat(server.send("POST", "/todos", "{\"title\":\"buy milk\",\"done\":false}")).isEqualTo(201);
            assertThat(events.next()).isEqualTo(List.of("id: 1", "event: todo",
                    "data: {\"type\":\"created\",\"todo\":{\"id\":1,\"title\":\"buy milk\",\"done\":false,\"attachments\":[]}}"));
            assertThat(server.send("PUT", "/todos/1", "{\"title\":\"buy oat milk\",\"done\":true}")).isEqualTo(200);
            assertThat(events.next()).containsExactly("id: 2", "event: todo",
                    "data: {\"type\":\"updated\",\"todo\":{\"id\":1,\"title\":\"buy oat milk\",\"done\":true,\"attachments\":[]}}");
            assertThat(attach("/todos/1/attachments")).isEqualTo(201);
            assertThat(events.next()).as("an attachment changes the todo as the API shows it").containsExactly("id: 3", "event: todo",
                    "data: {\"type\":\"updated\",\"todo\":{\"id\":1,\"title\":\"buy oat milk\",\"done\":true,"
                            + "\"attachments\":[{\"name\":\"list.txt\",\"size\":5,\"contentType\":\"text/plain\"}]}}");
            assertThat(server.send("DELETE", "/todos/1/attachments/list.txt", null)).isEqualTo(204);
            assertThat(events.next()).containsExactly("id: 4", "event: todo",
                    "data: {\"type\":\"updated\",\"todo\":{\"id\":1,\"title\":\"buy oat milk\",\"done\":true,\"attachments\":[]}}");
            assertThat(server.send("DELETE", "/todos/1", null)).isEqualTo(204);
            assertThat(events.next()).containsExactly("id: 5", "event: todo", "data: {\"type\":\"deleted\",\"todo\":{\"id\":1}}");
            assertThat(server.send("DELETE", "/todos/1", null)).as("a write that changes nothing").isEqualTo(404);
            assertThat(server.send("POST", "/todos", "{\"title\":\"next\",\"done\":false}")).isEqualTo(201);
            assertThat(events.next().getFirst()).as("no event for the 404").isEqualTo("id: 6");
        }
    }

    @Test
    void lastEventIdReplaysWhatTheClientMissedWithinTheHistory() throws Exception {
        for (int i = 1; i <= 5; i++) { // the history of 3 keeps changes 3, 4 and 5
            assertThat(server.send("POST", "/todos", "{\"title\":\"todo " + i + "\",\"done\":false}")).isEqualTo(201);
        }
        try (var events = open(server.client(), "3")) {
            assertThat(events.next().getFirst()).isEqualTo("id: 4");
            assertThat(events.next().getFirst()).isEqualTo("id: 5");
            assertThat(server.send("POST", "/todos", "{\"title\":\"live\",\"done\":false}")).isEqualTo(201);
            assertThat(events.next().getFirst()).as("then live").isEqualTo("id: 6");
        }
        try (var events = open(server.client(), "1")) {
            assertThat(List.of(events.next().getFirst(), events.next().getFirst(), events.next().getFirst()))
                    .as("2 is no longer kept: everything kept").containsExactly("id: 4", "id: 5", "id: 6");
        }
    }

    @Test
    void aClientThatLeavesUnsubscribes() throws Exception {
        try (var http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            var events = open(http2, null);
            server.awaitSubscribers(1);
            assertThat(server.send("POST", "/todos", "{\"title\":\"seen\",\"done\":false}")).isEqualTo(201);
            assertThat(events.next().getFirst()).isEqualTo("id: 1");
            events.close(); // the client resets the stream: the producer, waiting for the next change, is interrupted
            server.awaitSubscribers(0);
        }
        assertThat(server.send("POST", "/todos", "{\"title\":\"unseen\",\"done\":false}")).as("publishing to nobody").isEqualTo(201);
    }

    @Test
    void theServersStopEndsOpenStreamsAtOnce() throws Exception {
        var events = open(server.client(), null);
        server.awaitSubscribers(1);
        server.stopApplication();
        // Without the stopping signal the graceful stop would wait its whole timeout (30 s) for the
        // stream, then abort its connection.
        assertThat(server.abortedAtShutdown()).as("connections the stop had to abort").isZero();
        assertThat(server.subscriberCount()).isZero();
        events.close();
    }


    /** The events of a stream, each its lines without the blank one that ends it; each waited for at most 10 s. */
    private static final class Events implements AutoCloseable {
        private final Stream<String> body;
        private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();

        Events(Stream<String> body) {
            this.body = body;
            Iterator<String> source = body.iterator();
            Thread.startVirtualThread(() -> {
                try {
                    source.forEachRemaining(lines::add);
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
                lines.add(new Object());
            });
        }

        List<String> next() throws InterruptedException {
            List<String> event = new ArrayList<>();
            while (true) {
                Object line = lines.poll(10, TimeUnit.SECONDS);
                if (!(line instanceof String text)) {
                    throw new AssertionError(line == null ? "no event within 10 s; so far " + event : "the stream ended; so far " + event);
                }
                if (text.isEmpty()) {
                    return event;
                }
                event.add(text);
            }
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
