package io.windhover.samples.todo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@code java.net.http.WebSocket} on {@code /todos/live}: its text messages, its Pongs and
 * the server's Close, each waited for at most 10 s.
 */
final class LiveSocket implements WebSocket.Listener, AutoCloseable {

    /** The server's Close. */
    record Closed(int code, String reason) {
    }

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private LiveSocket(HttpClient client, URI uri) {
        this.socket = client.newWebSocketBuilder().buildAsync(uri, this).join();
    }

    /** Opens {@code base/todos/live}, with {@code ?lastEventId=} when {@code lastEventId} is not null. */
    static LiveSocket open(HttpClient client, String base, String lastEventId) {
        String uri = base.replaceFirst("^http", "ws") + "/todos/live" + (lastEventId == null ? "" : "?lastEventId=" + lastEventId);
        return new LiveSocket(client, URI.create(uri));
    }

    WebSocket socket() {
        return socket;
    }

    /** The next text message. */
    String next() throws InterruptedException {
        Object next = poll();
        if (!(next instanceof String text)) {
            throw new AssertionError("a text message expected, was " + next);
        }
        return text;
    }

    /** The next of anything received: a text message, a Pong's payload as a {@link ByteBuffer}, a {@link Closed}, or an error. */
    Object poll() throws InterruptedException {
        Object next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("nothing received within 10 s");
        }
        return next;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        received.add(message);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        received.add(new Closed(statusCode, reason));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        received.add(error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
