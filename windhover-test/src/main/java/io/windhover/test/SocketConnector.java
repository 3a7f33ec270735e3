package io.windhover.test;

import java.net.Socket;
import java.time.Duration;

/** A loopback socket per exchange, to the port the application listens on. */
final class SocketConnector implements Connector {

    private final int port;
    private final Duration timeout;

    SocketConnector(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public byte[] exchange(byte[] request) throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(request);
            return socket.getInputStream().readAllBytes();
        }
    }

    @Override
    public void close() {
    }
}
