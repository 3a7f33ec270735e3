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

    /**
     * The {@code ConnectionAbortedException} in {@code error}'s cause chain, {@code error} itself
     * included, or null: how a layer tells a lost connection from a bug. The chain, not the direct
     * cause, because layers wrap it: a pipe in a {@link io.windhover.buffers.PipeException}, a pipe's
     * stream in an {@link IOException}, an application perhaps in an {@code UncheckedIOException}.
     */
    public static ConnectionAbortedException findIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectionAbortedException aborted) {
                return aborted;
            }
        }
        return null;
    }
}
