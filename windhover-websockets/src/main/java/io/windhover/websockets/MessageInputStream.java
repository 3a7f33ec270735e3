package io.windhover.websockets;

import java.io.InputStream;

/**
 * One message read as its frames arrive, inflated and, for text, checked as UTF-8 on the way:
 * {@link WebSocket#receiveStream()}. Not thread-safe; read to -1 before receiving the next.
 */
public abstract class MessageInputStream extends InputStream {

    /** Whether the message is text or binary. */
    public abstract MessageType type();
}
