package io.windhover.web;

import java.nio.charset.StandardCharsets;

/**
 * Writes events and comments as the {@code text/event-stream} format has them (WHATWG HTML,
 * §9.2.5): {@code field: value} lines ending in LF, and an empty line that dispatches the event.
 * The space after the colon is the one the browser removes, so a value that begins with a space
 * keeps it. UTF-8, the format's only encoding.
 */
final class ServerSentEventEncoder {

    private ServerSentEventEncoder() {
    }

    static byte[] encode(ServerSentEvent event) {
        var text = new StringBuilder(32 + (event.data() == null ? 0 : event.data().length()));
        if (event.id() != null) {
            text.append("id: ").append(event.id()).append('\n');
        }
        if (event.event() != null) {
            text.append("event: ").append(event.event()).append('\n');
        }
        if (event.retry() != null) {
            text.append("retry: ").append(event.retry().toMillis()).append('\n');
        }
        if (event.data() != null) {
            appendLines(text, "data: ", event.data());
        }
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A comment: each line of {@code text} behind a colon, which the browser skips. */
    static byte[] comment(String text) {
        var out = new StringBuilder(text.length() + 4);
        appendLines(out, ": ", text);
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Each line of {@code value} behind {@code prefix}. CRLF, a lone CR and a lone LF each end a
     * line, as the browser's parser splits them: a CR left inside a line would end it there on the
     * other side, and what followed would be read as a field.
     */
    private static void appendLines(StringBuilder out, String prefix, String value) {
        int start = 0;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(prefix).append(value, start, i).append('\n');
                if (c == '\r' && i + 1 < length && value.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append(prefix).append(value, start, length).append('\n');
    }
}
