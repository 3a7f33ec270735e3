package io.windhover.transport;

import java.io.IOException;

/** Binds end points. Kestrel's {@code IConnectionListenerFactory}; one per transport. */
public interface ConnectionListenerFactory {

    /**
     * Binds {@code endPoint} and returns a listener for it.
     *
     * @throws IOException if the end point cannot be bound (in use, no permission, bad path)
     * @throws UnsupportedOperationException if this transport cannot serve that kind of end point
     */
    ConnectionListener bind(EndPoint endPoint) throws IOException;
}
