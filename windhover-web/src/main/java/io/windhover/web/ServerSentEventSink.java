package io.windhover.web;

import java.io.IOException;

/**
 * The open stream of a server-sent events response, as its {@link ServerSentEventProducer} writes
 * to it. Each event is written whole and flushed at once: nothing waits in a buffer, and nothing
 * compresses it.
 *
 * <p>Thread-safe: the producer writes on the request's thread, heartbeats come from the scheduler,
 * and another thread may send too while the producer runs (a write waits for the one in progress).
 * Valid until the producer returns; a send after that, or after the client left, throws.
 *
 * <pre>{@code
 * app.get("/ticks", context -> Results.serverSentEvents(events -> {
 *     long next = events.lastEventId() == null ? 0 : Long.parseLong(events.lastEventId()) + 1;
 *     for (long n = next; ; n++) {                 // ends when the client leaves: send throws
 *         events.send(ServerSentEvent.of("tick " + n).withEvent("tick").withId(Long.toString(n)));
 *         Thread.sleep(1000);                      // interrupted when the client leaves
 *     }
 * }));
 * }</pre>
 */
public interface ServerSentEventSink {

    /**
     * Writes {@code event} and flushes it to the client. Blocks while the client is slow to read (the
     * response's back-pressure).
     *
     * @throws IOException if the client went away or the stream has ended
     */
    void send(ServerSentEvent event) throws IOException;

    /** Sends an event of the default type ({@code message}) carrying {@code data}. */
    default void send(String data) throws IOException {
        send(ServerSentEvent.of(data));
    }

    /** Sends a comment, which the browser ignores: a keep-alive of the producer's own, or a note for someone reading the stream. */
    void comment(String text) throws IOException;

    /**
     * The {@code Last-Event-ID} the client sent: the {@code id} of the last event it received before
     * it reconnected, to resume after; null on a first connection. As the client sent it: check it
     * before trusting it.
     */
    String lastEventId();

    /** Whether events can still be sent: false once the client went away or the producer returned. */
    boolean isOpen();
}
