package io.windhover.transport;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import io.windhover.transport.nio.NioTransport;
import io.windhover.transport.nio.NioTransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** One transport under test with a client that speaks to it: lets each test run over every transport. */
abstract class TransportFixture implements AutoCloseable {

    final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();

    abstract ConnectionListener bind() throws IOException;

    abstract Client connect() throws IOException;

    @Override
    public abstract void close() throws Exception;

    /** An action on a client connection that may fail with an I/O error. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    /**
     * The client's view of a connection, as streams.
     *
     * @param onReset ends the connection abruptly (TCP RST for sockets)
     */
    record Client(OutputStream out, InputStream in, IoAction onShutdownOutput, IoAction onReset, IoAction onClose)
            implements AutoCloseable {

        void shutdownOutput() throws IOException {
            onShutdownOutput.run();
        }

        void reset() throws IOException {
            onReset.run();
        }

        @Override
        public void close() throws IOException {
            onClose.run();
        }
    }

    static TransportFixture named(String name) throws IOException {
        return switch (name) {
            case "nio-tcp" -> new Tcp();
            case "nio-tcp-virtual-loops" -> new Tcp(NioTransportOptions.builder().ioLoops(2).virtualThreadLoops(true).build());
            case "nio-unix" -> new Unix();
            case "in-memory" -> new InMemory();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static final class Tcp extends TransportFixture {
        final NioTransport transport;
        ConnectionListener listener;

        Tcp() {
            this(NioTransportOptions.builder().ioLoops(2).build());
        }

        Tcp(NioTransportOptions options) {
            transport = new NioTransport(pool, options);
        }

        @Override
        ConnectionListener bind() throws IOException {
            listener = transport.bind(EndPoint.loopback(0));
            return listener;
        }

        @Override
        Client connect() throws IOException {
            var address = ((EndPoint.Inet) listener.endPoint()).address();
            var socket = new Socket(address.getAddress(), address.getPort());
            return new Client(socket.getOutputStream(), socket.getInputStream(), socket::shutdownOutput, () -> {
                socket.setSoLinger(true, 0);
                socket.close();
            }, socket::close);
        }

        @Override
        public void close() {
            transport.close();
            pool.close();
        }
    }

    static final class Unix extends TransportFixture {
        final NioTransport transport = new NioTransport(pool, NioTransportOptions.builder().ioLoops(1).build());
        final Path directory = Files.createTempDirectory("windhover-uds");
        final Path path = directory.resolve("echo.sock");

        Unix() throws IOException {
        }

        @Override
        ConnectionListener bind() throws IOException {
            return transport.bind(EndPoint.unix(path));
        }

        @Override
        Client connect() throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
            return new Client(Channels.newOutputStream(channel), Channels.newInputStream(channel),
                    channel::shutdownOutput, channel::close, channel::close);
        }

        @Override
        public void close() throws IOException {
            transport.close();
            pool.close();
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    static final class InMemory extends TransportFixture {
        final InMemoryTransport transport = new InMemoryTransport(pool);
        final EndPoint endPoint = EndPoint.loopback(80);

        @Override
        ConnectionListener bind() throws IOException {
            return transport.bind(endPoint);
        }

        @Override
        Client connect() throws IOException {
            InMemoryConnection connection = transport.connect(endPoint);
            OutputStream raw = connection.output().asOutputStream();
            // Socket streams send at once; so must this one.
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    raw.write(b);
                    raw.flush();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    raw.write(b, off, len);
                    raw.flush();
                }
            };
            return new Client(out, connection.input().asInputStream(), () -> connection.output().complete(),
                    () -> connection.abort("client reset"), () -> {
                        connection.output().complete();
                        connection.input().complete();
                    });
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
