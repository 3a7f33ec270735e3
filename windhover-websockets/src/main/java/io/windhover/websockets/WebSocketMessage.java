package io.windhover.websockets;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One whole data message, its fragments joined and, when it came compressed, inflated. A text
 * message's bytes are valid UTF-8: the socket checked them as they arrived.
 *
 * <p>The array is the message's own, not copied: do not change it after sending it.
 *
 * @param type text or binary
 * @param data the payload
 */
public record WebSocketMessage(MessageType type, byte[] data) {

    public WebSocketMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** A text message of {@code text}, encoded as UTF-8. */
    public static WebSocketMessage text(String text) {
        return new WebSocketMessage(MessageType.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary message of {@code data}, not copied. */
    public static WebSocketMessage binary(byte[] data) {
        return new WebSocketMessage(MessageType.BINARY, data);
    }

    /** The payload decoded as UTF-8: the text of a text message. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public boolean isText() {
        return type == MessageType.TEXT;
    }

    @Override
    public String toString() {
        return type + "[" + data.length + " bytes]";
    }
}
