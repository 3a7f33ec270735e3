package io.windhover.transport.nio;

import io.windhover.buffers.MemoryPool;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionListener;
import io.windhover.transport.ConnectionListenerFactory;
import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket transport on {@code java.nio}: N I/O loops, each a selector thread (epoll on Linux),
 * serving TCP (IPv4, IPv6) and Unix domain sockets. Kestrel's {@code SocketTransportFactory}.
 *
 * <pre>{@code
 * try (var pool = BlockMemoryPool.create();
 *      var transport = new NioTransport(pool, NioTransportOptions.defaults());
 *      var listener = transport.bind(EndPoint.loopback(8080))) {
 *     ConnectionContext connection = listener.accept();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Close it after its listeners; connections still open are then cut.
 */
public final class NioTransport implements ConnectionListenerFactory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NioTransport.class);

    private final MemoryPool pool;
    private final NioTransportOptions options;
    private final IoLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();

    public NioTransport(MemoryPool pool, NioTransportOptions options) {
        this.pool = pool;
        this.options = options;
        this.loops = new IoLoop[options.ioLoops()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop("windhover-io-" + i, options.virtualThreadLoops());
            loops[i].start();
        }
    }

    NioTransportOptions options() {
        return options;
    }

    @Override
    public ConnectionListener bind(EndPoint endPoint) throws IOException {
        return switch (endPoint) {
            case EndPoint.Inet inet -> bindInet(inet);
            case EndPoint.Unix unix -> bindUnix(unix);
            case EndPoint.Channel handedIn -> adoptServer(handedIn);
        };
    }

    private ConnectionListener bindInet(EndPoint.Inet endPoint) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (options.reusePort()) {
                if (server.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                } else {
                    LOG.warn("SO_REUSEPORT is not available on this OS; {} is bound by this process alone", endPoint);
                }
            }
            server.bind(endPoint.address(), options.backlog());
        } catch (IOException e) {
            server.close();
            throw bindFailure(endPoint, e);
        }
        var bound = EndPoint.of((InetSocketAddress) server.getLocalAddress());
        LOG.info("listening on {}", bound);
        return new NioListener(this, server, bound, null);
    }

    private ConnectionListener bindUnix(EndPoint.Unix endPoint) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(endPoint.path()), options.backlog());
        } catch (IOException e) {
            server.close();
            throw bindFailure(endPoint, e);
        }
        LOG.info("listening on {}", endPoint);
        return new NioListener(this, server, endPoint, endPoint.path());
    }

    private ConnectionListener adoptServer(EndPoint.Channel endPoint) throws IOException {
        ServerSocketChannel server = endPoint.channel();
        if (server.getLocalAddress() == null) {
            throw new BindException("the handed-in server socket is not bound");
        }
        server.configureBlocking(true); // accept() is a blocking call on the host's acceptor thread
        EndPoint bound = server.getLocalAddress() instanceof InetSocketAddress inet ? EndPoint.of(inet) : endPoint;
        LOG.info("listening on {} (handed in)", bound);
        return new NioListener(this, server, bound, null);
    }

    private static IOException bindFailure(EndPoint endPoint, IOException cause) {
        var failure = new BindException("cannot bind " + endPoint + ": " + cause.getMessage());
        failure.initCause(cause);
        return failure;
    }

    /** Takes an accepted socket onto an I/O loop. */
    ConnectionContext adopt(SocketChannel channel) throws IOException {
        IoLoop loop = loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
        var connection = new NioConnection(channel, loop, pool, options);
        loop.execute(connection::start);
        return connection;
    }

    /** Stops the I/O loops; connections still open are dropped with their sockets. */
    @Override
    public void close() {
        for (IoLoop loop : loops) {
            try {
                loop.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
