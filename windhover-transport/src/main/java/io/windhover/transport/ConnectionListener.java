package io.windhover.transport;

/**
 * A bound end point that accepts connections. Kestrel's {@code IConnectionListener}.
 *
 * <pre>{@code
 * try (ConnectionListener listener = transport.bind(EndPoint.loopback(0))) {
 *     ConnectionContext connection;
 *     while ((connection = listener.accept()) != null) {
 *         dispatch(connection);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #accept()} is called by one thread at a time (the host's acceptor); {@link #close()}
 * may be called from any thread and makes a blocked accept return null.
 */
public interface ConnectionListener extends AutoCloseable {

    /** The end point actually bound: for port 0, with the port the OS chose. */
    EndPoint endPoint();

    /**
     * Waits for the next connection.
     *
     * @return the connection, or null once the listener is closed
     * @throws java.io.IOException if accepting fails for a reason other than closing
     */
    ConnectionContext accept() throws java.io.IOException;

    /** Stops accepting and releases the end point; connections already accepted go on. */
    @Override
    void close();
}
