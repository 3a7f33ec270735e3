package io.windhover.transport;

/**
 * What serves a connection: the last step of a connection pipeline (a protocol engine) or the
 * rest of the pipeline as a middleware sees it. Kestrel's {@code ConnectionDelegate}.
 *
 * <p>By default the host calls it on a virtual thread of the connection's own and treats its
 * return as the end of the connection: it may block on the pipes. In the host's inline mode it is
 * called on the connection's I/O loop ({@link ConnectionContext#executeOnTransport}) and must
 * return at once, serving the connection through the
 * pipes' callbacks ({@code whenReadable}, {@code tryRead}, {@code tryFlush}).
 */
@FunctionalInterface
public interface ConnectionDelegate {

    void execute(ConnectionContext connection) throws Exception;
}
