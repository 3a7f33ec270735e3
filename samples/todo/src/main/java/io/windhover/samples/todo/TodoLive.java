package io.windhover.samples.todo;

import io.windhover.auth.antiforgery.AntiforgeryMetadata;
import io.windhover.web.RouteGroup;
import io.windhover.web.WebContext;
import io.windhover.web.WebSocketEndpointOptions;
import io.windhover.web.WebSocketRequestHandler;
import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.WebSocket;
import io.windhover.websockets.WebSocketException;
import io.windhover.websockets.WebSocketState;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /todos/live}: the feed ({@link TodoFeed}) as a WebSocket, each change a text message
 * with the JSON of {@code /todos/events}' data and the change's id as a first member, which a
 * client that reconnects passes back as {@code ?lastEventId=N} to be replayed what it missed, as
 * an {@code EventSource} sends {@code Last-Event-ID}:
 *
 * <pre>
 * {"id": 7, "type": "created", "todo": {"id": 3, "title": "buy milk", "done": false, "attachments": []}}
 * {"id": 8, "type": "deleted", "todo": {"id": 3}}
 * </pre>
 *
 * <p>Anonymous, as every read, and open to any origin: it carries nothing the anonymous API does not.
 * Messages from the client are read and dropped.
 *
 * <p><b>Two threads.</b> The request's virtual thread stays in {@link WebSocket#receive()}, where
 * the client's Pings are answered and its Close is met; a second virtual thread takes the changes
 * and sends them. Whichever side ends first ends the other: the client's Close (or a broken
 * connection) closes the subscription, whose {@code take()} then answers null to the sender; the
 * subscription's end (the server stops, or the client fell more than the history behind) makes
 * the sender close the socket (1001), whose Close the client answers and the receiver meets. The
 * subscription is closed, and the sender joined, before the handler returns.
 *
 * <p>A {@link WebSocketRequestHandler}: the resume point is in the request's query.
 */
final class TodoLive implements WebSocketRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TodoLive.class);

    private final TodoFeed feed;
    private final WebSocketEndpointOptions options = WebSocketEndpointOptions.defaults();

    private TodoLive(TodoFeed feed) {
        this.feed = feed;
    }

    /**
     * Maps {@code /live} under {@code reads}: GET over HTTP/1.1, CONNECT over HTTP/2 (RFC 8441),
     * other methods 405. Antiforgery (Development's signed-in page) does not ask it: the socket
     * changes nothing and tells nothing the anonymous API does not, so another method is the
     * endpoint's 405 rather than antiforgery's 400.
     */
    static void map(RouteGroup reads, TodoFeed feed) {
        var live = new TodoLive(feed);
        reads.webSocket("/live", live.options, live).withMetadata(AntiforgeryMetadata.DISABLED);
    }

    /** The text message of {@code change}: its JSON with {@code "id": N} put first. */
    static String message(TodoFeed.Change change) {
        return "{\"id\":" + change.id() + "," + change.json().substring(1);
    }

    @Override
    public void handle(WebContext context, WebSocket socket) throws Exception {
        try (var subscription = feed.subscribe(context.query("lastEventId"))) {
            Thread sender = Thread.ofVirtual().name("todo-live-" + context.http().requestId())
                    .start(() -> send(subscription, socket));
            try {
                receiveUntilClosed(socket);
            } finally {
                subscription.close(); // the sender's take() answers null, or its send fails on the closed socket
                endSender(sender, socket);
            }
        }
    }

    /** Drops the client's messages until its Close, answering its Pings on the way. */
    private static void receiveUntilClosed(WebSocket socket) {
        try {
            while (socket.receive() != null) {
                // nothing is asked of the client
            }
        } catch (WebSocketException e) {
            // The peer broke the protocol or a limit was crossed; the socket has sent its Close where it could.
            LOG.debug("todo live socket ended with {}: {}", e.closeCode(), e.getMessage());
        } catch (IOException e) {
            LOG.debug("todo live socket failed: {}", e.toString());
        }
    }

    /**
     * Waits for the sender to finish. One blocked in a send to a client that stopped reading is
     * freed by dropping the connection, after the close timeout the socket itself would wait.
     */
    private void endSender(Thread sender, WebSocket socket) throws InterruptedException {
        if (!sender.join(options.socket().closeTimeout())) {
            socket.abort();
            sender.join();
        }
    }

    /**
     * Sends the changes until the subscription ends, then closes the socket unless the client
     * already did: 1001 when the feed ended (the server stops, or the client fell more than the
     * history behind; it may reconnect with the last id it saw), 1011 when the sender failed.
     */
    private static void send(TodoFeed.Subscription subscription, WebSocket socket) {
        int code = CloseCodes.GOING_AWAY;
        String reason = "the feed ended; resume with ?lastEventId";
        try {
            for (TodoFeed.Change change; (change = subscription.take()) != null; ) {
                socket.send(message(change));
            }
        } catch (IOException e) {
            return; // the socket closed or failed: the receiving thread meets it too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("todo live socket's sender failed", e);
            code = CloseCodes.INTERNAL_ERROR;
            reason = "";
        }
        if (socket.state() == WebSocketState.OPEN) { // not when the end was the client's Close
            socket.closeAsync(code, reason);
        }
    }
}
