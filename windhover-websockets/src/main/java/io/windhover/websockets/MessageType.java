package io.windhover.websockets;

/** What a data message carries (RFC 6455 §5.6): UTF-8 text, or bytes. */
public enum MessageType {
    TEXT,
    BINARY
}
