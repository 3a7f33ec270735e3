package io.windhover.websockets;

/** Where a socket is in its life (RFC 6455 §4, §7): .NET's {@code WebSocketState}. */
public enum WebSocketState {
    /** Messages flow both ways. */
    OPEN,
    /** This side sent a Close and waits for the peer's. */
    CLOSE_SENT,
    /** The peer sent a Close; this side's answer is on its way. */
    CLOSE_RECEIVED,
    /** Both Close frames went; nothing more is read or sent. */
    CLOSED,
    /** Ended without the closing handshake: a broken connection, a timeout, a protocol error. */
    ABORTED
}
