package io.windhover.websockets.protocol;

import java.io.IOException;

/** What {@link MessageReader} reports besides data: every frame's arrival and the control frames. */
interface FrameListener {

    /** A frame header arrived: the peer is alive (the keep-alive's evidence). */
    void frameArrived();

    /** §5.5.2: answer with a Pong carrying the same payload. */
    void ping(byte[] payload) throws IOException;

    void pong(byte[] payload);

    /** §5.5.1: the peer's Close; reading ends after it. */
    void close(CloseFrame frame) throws IOException;
}
