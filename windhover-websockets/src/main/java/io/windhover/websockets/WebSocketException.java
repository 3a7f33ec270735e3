package io.windhover.websockets;

import java.io.IOException;

/**
 * The socket failed: the peer broke the protocol, a limit was crossed, a timeout passed, or the
 * connection ended without the closing handshake. {@link #closeCode()} is the status this side
 * sent in its Close frame (the RFC 6455 §7.4.1 code), or {@link CloseCodes#ABNORMAL_CLOSURE} when
 * none could be sent.
 */
public class WebSocketException extends IOException {

    private final int closeCode;

    public WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    public WebSocketException(int closeCode, String message, Throwable cause) {
        super(message, cause);
        this.closeCode = closeCode;
    }

    /** The Close frame's status this side sent, or 1006 when the connection broke without one. */
    public int closeCode() {
        return closeCode;
    }
}
