package io.windhover.transport.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The socket options the NIO transport sets, read back from the OS's sockets. */
class NioSocketOptionsTest {

    private record Accepted(NioListener listener, NioConnection connection) {
    }

    /** Binds with {@code options}, accepts one loopback connection, hands both to {@code check}, then closes all. */
    private static void withAccepted(NioTransportOptions options, SocketCheck check) throws Exception {
        try (var pool = new DiagnosticMemoryPool(); var transport = new NioTransport(pool, options);
                var listener = (NioListener) transport.bind(EndPoint.loopback(0))) {
            var address = ((EndPoint.Inet) listener.endPoint()).address();
            try (var client = new Socket(address.getAddress(), address.getPort())) {
                var connection = (NioConnection) listener.accept();
                try {
                    check.run(new Accepted(listener, connection));
                } finally {
                    connection.abort("test over");
                    connection.input().complete();
                    connection.output().complete();
                    connection.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @FunctionalInterface
    private interface SocketCheck {
        void run(Accepted accepted) throws IOException;
    }

    @Test
    void anAcceptedConnectionHasNoDelayOnByDefaultAndTheListenerReusesItsAddress() throws Exception {
        withAccepted(NioTransportOptions.builder().ioLoops(1).build(), accepted -> {
            assertThat(accepted.connection().socketOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
            assertThat(accepted.listener().socketOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
        });
    }

    @Test
    void anAcceptedConnectionHasNoDelayOffWhenTheOptionsSaySo() throws Exception {
        withAccepted(NioTransportOptions.builder().ioLoops(1).noDelay(false).build(),
                accepted -> assertThat(accepted.connection().socketOption(StandardSocketOptions.TCP_NODELAY)).isFalse());
    }

    @Test
    void theListenerReusesThePortWhenAskedAndTheOsHasIt() throws Exception {
        try (var probe = ServerSocketChannel.open()) {
            assumeTrue(probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT), "no SO_REUSEPORT on this OS");
        }
        withAccepted(NioTransportOptions.builder().ioLoops(1).build(),
                accepted -> assertThat(accepted.listener().socketOption(StandardSocketOptions.SO_REUSEPORT)).isFalse());
        withAccepted(NioTransportOptions.builder().ioLoops(1).reusePort(true).build(),
                accepted -> assertThat(accepted.listener().socketOption(StandardSocketOptions.SO_REUSEPORT)).isTrue());
    }
}
