package io.windhover.transport.nio;

import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionListener;
import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound server socket. Accepting is a blocking call made by the host's acceptor thread (a
 * virtual thread parks in it); accepted sockets go to the I/O loops round-robin.
 */
final class NioListener implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(NioListener.class);

    private final NioTransport transport;
    private final ServerSocketChannel server;
    private final EndPoint endPoint;
    /** The socket file this listener created, removed when it closes. */
    private final Path unixPath;

    NioListener(NioTransport transport, ServerSocketChannel server, EndPoint endPoint, Path unixPath) {
        this.transport = transport;
        this.server = server;
        this.endPoint = endPoint;
        this.unixPath = unixPath;
    }

    @Override
    public EndPoint endPoint() {
        return endPoint;
    }

    @Override
    public ConnectionContext accept() throws IOException {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return null;
            }
            try {
                return setUp(channel);
            } catch (IOException e) {
                // The peer may already be gone; that ends this connection, not the listener:
                // accept the next (a loop, not a recursive call, however many fail in a row).
                LOG.debug("accepted connection could not be set up: {}", e.toString());
                closeQuietly(channel);
            }
        }
    }

    private ConnectionContext setUp(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        if (endPoint instanceof EndPoint.Inet) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, transport.options().noDelay());
        }
        return transport.adopt(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a connection that could not be set up failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing listener {} failed", endPoint, e);
        }
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                LOG.warn("could not remove the socket file {}: {}", unixPath, e.toString());
            }
        }
    }

    /** A socket option of the server socket as the OS reports it, for tests of what the transport set. */
    <T> T socketOption(SocketOption<T> name) throws IOException {
        return server.getOption(name);
    }

    @Override
    public String toString() {
        return "listener " + endPoint;
    }
}
