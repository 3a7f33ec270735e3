package io.windhover.transport;

import java.io.IOException;

/**
 * The connection was aborted, by {@link ConnectionContext#abort(String)} or because the peer
 * reset it; pipe operations on it fail with this as their cause.
 */
public class ConnectionAbortedException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectionAbortedException(String message) {
        super(message);
    }

    public ConnectionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
