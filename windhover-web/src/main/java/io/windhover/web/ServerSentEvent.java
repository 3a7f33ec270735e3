package io.windhover.web;

import java.time.Duration;

/**
 * One event of a {@code text/event-stream} (WHATWG HTML, "Server-sent events"): the fields a
 * browser's {@code EventSource} reads. {@code data} may span lines — CR, LF and CRLF all end one —
 * and each line is sent as its own {@code data:} field, which the browser joins again with LF. The
 * other fields are single lines, checked here: an {@code id} or {@code event} with a line break
 * could smuggle a field of its own into the stream, so it is refused when the event is made.
 *
 * <pre>{@code
 * events.send(ServerSentEvent.of("{\"n\": 7}").withEvent("count").withId("7"));
 * events.send(ServerSentEvent.of("two\nlines"));                    // data: two / data: lines
 * events.send(ServerSentEvent.of("hello").withRetry(Duration.ofSeconds(5)));
 * }</pre>
 *
 * @param id the {@code id} field: what the browser sends back as {@code Last-Event-ID} when it
 *     reconnects; null for none. No CR, LF or NUL (a browser ignores an id with NUL).
 * @param event the {@code event} field, the type a page listens for with
 *     {@code addEventListener(event, ...)}; null for the default, {@code message}. No CR or LF.
 * @param data the payload, any text; null for an event without data, which a browser does not
 *     dispatch but whose {@code id} and {@code retry} it still takes
 * @param retry the {@code retry} field: how long the browser waits before reconnecting; null to
 *     leave it as it is. Sent in whole milliseconds.
 */
public record ServerSentEvent(String id, String event, String data, Duration retry) {

    public ServerSentEvent {
        if (id != null) {
            refuseLineBreaks("id", id);
            if (id.indexOf('\0') >= 0) {
                // WHATWG: "If the field value does not contain U+0000 NULL, then set the last event ID
                // buffer": a browser drops such an id silently, so the resume would not happen.
                throw new IllegalArgumentException("a server-sent event's id must not contain NUL");
            }
        }
        if (event != null) {
            refuseLineBreaks("event", event);
        }
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("a server-sent event's retry must not be negative, was " + retry);
        }
    }

    /** An event of the default type ({@code message}) carrying {@code data}. */
    public static ServerSentEvent of(String data) {
        return new ServerSentEvent(null, null, java.util.Objects.requireNonNull(data, "data"), null);
    }

    /** This event with {@code id}. */
    public ServerSentEvent withId(String id) {
        return new ServerSentEvent(id, event, data, retry);
    }

    /** This event with type {@code event}. */
    public ServerSentEvent withEvent(String event) {
        return new ServerSentEvent(id, event, data, retry);
    }

    /** This event with a reconnection time. */
    public ServerSentEvent withRetry(Duration retry) {
        return new ServerSentEvent(id, event, data, retry);
    }

    private static void refuseLineBreaks(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a server-sent event's " + field
                    + " must be one line: a line break would start another field");
        }
    }
}
