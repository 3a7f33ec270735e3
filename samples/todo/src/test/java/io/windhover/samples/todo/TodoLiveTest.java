package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.websockets.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

    private TodoFeedServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TodoFeedServer(attachments);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Opens the socket and waits until the server has subscribed it: a write after this is one it sees live. */
    private LiveSocket open(String lastEventId, int subscribers) throws InterruptedException {
        var live = LiveSocket.open(server.client(), server.base(), lastEventId);
        server.awaitSubscribers(subscribers);
        return live;
    }

    @Test
    void eachWriteIsATextMessageWithItsIdAndTheEventsJson() throws Exception {
        try (var live = open(null, 1)) {
            assertThat(server.send("POST", "/todos", "{\"title\":\"buy milk\",\"done\":false}")).isEqualTo(201);
            assertThat(live.next()).isEqualTo(
                    "{\"id\":1,\"type\":\"created\",\"todo\":{\"id\":1,\"title\":\"buy milk\",\"done\":false,\"attachments\":[]}}");
            assertThat(server.send("PUT", "/todos/1", "{\"title\":\"buy oat milk\",\"done\":true}")).isEqualTo(200);
            assertThat(live.next()).isEqualTo(
                    "{\"id\":2,\"type\":\"updated\",\"todo\":{\"id\":1,\"title\":\"buy oat milk\",\"done\":true,\"attachments\":[]}}");
            assertThat(server.send("DELETE", "/todos/1", null)).isEqualTo(204);
            assertThat(live.next()).isEqualTo("{\"id\":3,\"type\":\"deleted\",\"todo\":{\"id\":1}}");
        }
    }

    @Test
    void lastEventIdInTheQueryReplaysWhatTheClientMissedWithinTheHistory() throws Exception {
        for (int i = 1; i <= 5; i++) { // the history of 3 keeps changes 3, 4 and 5
            assertThat(server.send("POST", "/todos", "{\"title\":\"todo " + i + "\",\"done\":false}")).isEqualTo(201);
        }
        try (var live = open("3", 1)) {
            assertThat(live.next()).startsWith("{\"id\":4,\"type\":\"created\",\"todo\":{\"id\":4,\"title\":\"todo 4\"");
            assertThat(live.next()).startsWith("{\"id\":5,");
            assertThat(server.send("POST", "/todos", "{\"title\":\"live\",\"done\":false}")).isEqualTo(201);
            assertThat(live.next()).as("then live").startsWith("{\"id\":6,");
        }
        server.awaitSubscribers(0);
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
            assertThat(server.send("POST", "/todos", "{\"title\":\"still live\",\"done\":false}")).isEqualTo(201);
            assertThat(live.next()).startsWith("{\"id\":1,");
        }
    }

    @Test
    void aClientThatClosesIsAnsweredAndUnsubscribes() throws Exception {
        try (var live = open(null, 1)) {
            live.socket().sendClose(CloseCodes.NORMAL, "bye").join();
            assertThat(live.poll()).as("the server answers the Close with its code").isInstanceOfSatisfying(LiveSocket.Closed.class,
                    closed -> assertThat(closed.code()).isEqualTo(CloseCodes.NORMAL));
            server.awaitSubscribers(0);
        }
        assertThat(server.send("POST", "/todos", "{\"title\":\"unseen\",\"done\":false}")).as("publishing to nobody").isEqualTo(201);
    }

    @Test
    void aClientThatDropsTheConnectionUnsubscribes() throws Exception {
        var live = open(null, 1);
        live.socket().abort(); // no Close: the server's receive meets the end of the stream
        server.awaitSubscribers(0);
        var other = open(null, 1);
        assertThat(server.send("POST", "/todos", "{\"title\":\"seen by the other\",\"done\":false}")).isEqualTo(201);
        assertThat(other.next()).startsWith("{\"id\":1,");
        other.close();
    }

    @Test
    void theServersStopClosesOpenSocketsWithGoingAway() throws Exception {
        var live = open(null, 1);
        server.stopApplication();
        // Ended by the stopping signal, not aborted at the shutdown timeout (30 s).
        assertThat(server.abortedAtShutdown()).as("connections the stop had to abort").isZero();
        assertThat(live.poll()).isInstanceOfSatisfying(LiveSocket.Closed.class,
                closed -> assertThat(closed.code()).isEqualTo(CloseCodes.GOING_AWAY));
        assertThat(server.subscriberCount()).isZero();
        live.close();
    }

    @Test
    void anotherMethodIsAnswered405AndARequestWithoutTheUpgrade400() throws Exception {
        assertThat(server.send("POST", "/todos/live", null)).isEqualTo(405);
        assertThat(server.send("GET", "/todos/live", null)).isEqualTo(400);
        assertThat(server.subscriberCount()).isZero();
    }

    @Test
    void inDevelopmentAntiforgeryDoesNotAskTheSocketForATokenAndItStaysAnonymous() throws Exception {
        server.close();
        server = new TodoFeedServer(attachments, "--environment", "Development",
                "--Authentication:Bearer:DevelopmentKeyFolder=" + attachments.resolve("user-jwts"));
        assertThat(server.send("POST", "/todos", "{\"title\":\"x\",\"done\":false}")).as("writes need a token here").isEqualTo(401);
        // An unsafe method reaches the endpoint (405), not antiforgery's 400: over HTTP/2 the handshake is a CONNECT.
        assertThat(server.send("POST", "/todos/live", null)).isEqualTo(405);
        try (var live = open(null, 1)) {
            live.socket().sendClose(CloseCodes.NORMAL, "").join();
            assertThat(live.poll()).isInstanceOf(LiveSocket.Closed.class);
        }
    }

}
