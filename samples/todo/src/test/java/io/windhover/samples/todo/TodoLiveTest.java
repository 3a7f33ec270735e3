package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.WebApplication;
import io.windhover.websockets.CloseCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /todos/live} over a loopback socket, read by the JDK's WebSocket client: each write
 * through the API is a text message with the change's id and the JSON of {@code /todos/events};
 * {@code ?lastEventId=N} replays what a client missed, within the history; the socket answers
 * Pings while it sends; a client that closes or drops the connection unsubscribes; the server's
 * stop closes open sockets with 1001.
 */
class TodoLiveTest {

    @TempDir
    Path attachments;

    private final AtomicReference<TodoFeed> feed = new AtomicReference<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WebApplication app;
    private String base;

    @BeforeEach
    void start() throws Exception {
        app = TodoApp.create(feed::set, "--urls", "http://127.0.0.1:0", "--content-root", Path.of("").toAbsolutePath().toString(),
                "--ConnectionStrings:Todos=jdbc:sqlite::memory:", "--Todo:AttachmentsPath=" + attachments, "--Todo:EventHistory=3");
        app.start();
        base = app.listeningUrls().getFirst();
    }

    @AfterEach
    void stop() {
        client.close();
        app.close();
    }

    private int send(String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Opens the socket and waits until the server has subscribed it: a write after this is one it sees live. */
    private LiveSocket open(String lastEventId, int subscribers) throws InterruptedException {
        var live = LiveSocket.open(client, base, lastEventId);
        awaitSubscribers(subscribers);
        return live;
    }

    @Test
    void eachWriteIsATextMessageWithItsIdAndTheEventsJson() throws Exception {
        try (var live = open(null, 1)) {
            assertThat(send("POST", "/todos", "{\"title\":\"buy milk\",\"done\":false}")).isEqualTo(201);
            assertThat(live.next()).isEqualTo(
                    "{\"id\":1,\"type\":\"created\",\"todo\":{\"id\":1,\"title\":\"buy milk\",\"done\":false,\"attachments\":[]}}");
            assertThat(send("PUT", "/todos/1", "{\"title\":\"buy oat milk\",\"done\":true}")).isEqualTo(200);
            assertThat(live.next()).isEqualTo(
                    "{\"id\":2,\"type\":\"updated\",\"todo\":{\"id\":1,\"title\":\"buy oat milk\",\"done\":true,\"attachments\":[]}}");
            assertThat(send("DELETE", "/todos/1", null)).isEqualTo(204);
            assertThat(live.next()).isEqualTo("{\"id\":3,\"type\":\"deleted\",\"todo\":{\"id\":1}}");
        }
    }

    @Test
    void lastEventIdInTheQueryReplaysWhatTheClientMissedWithinTheHistory() throws Exception {
        for (int i = 1; i <= 5; i++) { // the history of 3 keeps changes 3, 4 and 5
            assertThat(send("POST", "/todos", "{\"title\":\"todo " + i + "\",\"done\":false}")).isEqualTo(201);
        }
        try (var live = open("3", 1)) {
            assertThat(live.next()).startsWith("{\"id\":4,\"type\":\"created\",\"todo\":{\"id\":4,\"title\":\"todo 4\"");
            assertThat(live.next()).startsWith("{\"id\":5,");
            assertThat(send("POST", "/todos", "{\"title\":\"live\",\"done\":false}")).isEqualTo(201);
            assertThat(live.next()).as("then live").startsWith("{\"id\":6,");
        }
        awaitSubscribers(0);
        try (var live = open("1", 1)) {
            assertThat(List.of(live.next(), live.next(), live.next())).as("2 is no longer kept: everything kept")
                    .map(message -> message.substring(0, message.indexOf(',')))
                    .containsExactly("{\"id\":4", "{\"id\":5", "{\"id\":6");
        }
    }

    @Test
    void pingsAreAnsweredWhileTheSocketSends() throws Exception {
        try (var live = open(null, 1)) {
            live.socket().sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
            assertThat(live.poll()).isEqualTo(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)));
            assertThat(send("POST", "/todos", "{\"title\":\"still live\",\"done\":false}")).isEqualTo(201);
            assertThat(live.next()).startsWith("{\"id\":1,");
        }
    }

    @Test
    void aClientThatClosesIsAnsweredAndUnsubscribes() throws Exception {
        try (var live = open(null, 1)) {
            live.socket().sendClose(CloseCodes.NORMAL, "bye").join();
            assertThat(live.poll()).as("the server answers the Close with its code").isInstanceOfSatisfying(LiveSocket.Closed.class,
                    closed -> assertThat(closed.code()).isEqualTo(CloseCodes.NORMAL));
            awaitSubscribers(0);
        }
        assertThat(send("POST", "/todos", "{\"title\":\"unseen\",\"done\":false}")).as("publishing to nobody").isEqualTo(201);
    }

    @Test
    void aClientThatDropsTheConnectionUnsubscribes() throws Exception {
        var live = open(null, 1);
        live.socket().abort(); // no Close: the server's receive meets the end of the stream
        awaitSubscribers(0);
        var other = open(null, 1);
        assertThat(send("POST", "/todos", "{\"title\":\"seen by the other\",\"done\":false}")).isEqualTo(201);
        assertThat(other.next()).startsWith("{\"id\":1,");
        other.close();
    }

    @Test
    void theServersStopClosesOpenSocketsWithGoingAway() throws Exception {
        var live = open(null, 1);
        long start = System.nanoTime();
        app.close();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        assertThat(live.poll()).isInstanceOfSatisfying(LiveSocket.Closed.class,
                closed -> assertThat(closed.code()).isEqualTo(CloseCodes.GOING_AWAY));
        assertThat(feed.get().subscriberCount()).isZero();
        live.close();
    }

    @Test
    void anotherMethodIsAnswered405AndARequestWithoutTheUpgrade400() throws Exception {
        assertThat(send("POST", "/todos/live", null)).isEqualTo(405);
        assertThat(send("GET", "/todos/live", null)).isEqualTo(400);
        assertThat(feed.get().subscriberCount()).isZero();
    }

    @Test
    void inDevelopmentAntiforgeryDoesNotAskTheSocketForATokenAndItStaysAnonymous() throws Exception {
        app.close();
        app = TodoApp.create(feed::set, "--environment", "Development", "--urls", "http://127.0.0.1:0",
                "--content-root", Path.of("").toAbsolutePath().toString(), "--ConnectionStrings:Todos=jdbc:sqlite::memory:",
                "--Todo:AttachmentsPath=" + attachments, "--Authentication:Bearer:DevelopmentKeyFolder=" + attachments.resolve("user-jwts"));
        app.start();
        base = app.listeningUrls().getFirst();
        assertThat(send("POST", "/todos", "{\"title\":\"x\",\"done\":false}")).as("writes need a token here").isEqualTo(401);
        // An unsafe method reaches the endpoint (405), not antiforgery's 400: over HTTP/2 the handshake is a CONNECT.
        assertThat(send("POST", "/todos/live", null)).isEqualTo(405);
        try (var live = open(null, 1)) {
            live.socket().sendClose(CloseCodes.NORMAL, "").join();
            assertThat(live.poll()).isInstanceOf(LiveSocket.Closed.class);
        }
    }

    private void awaitSubscribers(int count) throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); feed.get().subscriberCount() != count; ) {
            assertThat(System.nanoTime()).as("subscribers to become " + count).isLessThan(deadline);
            Thread.sleep(10); // polling the server's state, bounded
        }
    }
}
