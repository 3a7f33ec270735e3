package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.transport.nio.NioTransportOptions;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding, socket options and the cost of idle connections on the NIO transport. */
class NioListenerTest {

    @Test
    void twoListenersShareAPortWithReusePortAndNotWithout() throws Exception {
        var options = NioTransportOptions.builder().ioLoops(1).reusePort(true).build();
        try (var fixture = new TransportFixture.Tcp(options); var first = fixture.bind()) {
            EndPoint bound = first.endPoint();
            assertThat(((EndPoint.Inet) bound).address().getPort()).isPositive();
            try (var second = fixture.transport.bind(bound)) {
                assertThat(second.endPoint()).isEqualTo(bound);
            }
        }
        try (var fixture = new TransportFixture.Tcp(); var first = fixture.bind()) {
            assertThatThrownBy(() -> fixture.transport.bind(first.endPoint()))
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith("cannot bind " + first.endPoint());
        }
    }

    @Test
    void bindsIpv6Loopback() throws Exception {
        try (var fixture = new TransportFixture.Tcp();
                var listener = fixture.transport.bind(EndPoint.of(new InetSocketAddress("::1", 0)))) {
            var address = ((EndPoint.Inet) listener.endPoint()).address();
            try (var server = new EchoServer(listener); var socket = new Socket(address.getAddress(), address.getPort())) {
                socket.getOutputStream().write(42);
                assertThat(socket.getInputStream().read()).isEqualTo(42);
            }
        }
    }

    @Test
    void servesAServerSocketBoundElsewhereAndHandedIn() throws Exception {
        var channel = java.nio.channels.ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        try (var fixture = new TransportFixture.Tcp();
                var listener = fixture.transport.bind(new EndPoint.Channel(channel));
                var server = new EchoServer(listener)) {
            var address = ((EndPoint.Inet) listener.endPoint()).address();
            assertThat(address).isEqualTo(channel.getLocalAddress());
            try (var socket = new Socket(address.getAddress(), address.getPort())) {
                socket.getOutputStream().write(7);
                assertThat(socket.getInputStream().read()).isEqualTo(7);
            }
        }
        assertThat(channel.isOpen()).as("the listener owned and closed it").isFalse();
    }

    @Test
    void anIdleConnectionHoldsNoPoolMemory() throws Exception {
        try (var fixture = new TransportFixture.Tcp(); var server = new EchoServer(fixture.bind())) {
            List<TransportFixture.Client> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                var client = fixture.connect();
                client.out().write(new byte[3000]);
                assertThat(client.in().readNBytes(3000)).hasSize(3000);
                clients.add(client);
            }
            // Everything sent was echoed and consumed: 50 open, idle connections.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (fixture.pool.rentedBlocks() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(fixture.pool.rentedBlocks()).isZero();
            assertThat(server.connections).hasSize(50);
            for (var client : clients) {
                client.close();
            }
            server.awaitHandlers();
        }
    }

    @Test
    void refusesToBindOverAnExistingSocketFileAndRemovesItsOwnOnClose() throws Exception {
        Path directory = Files.createTempDirectory("windhover-uds");
        Path path = directory.resolve("taken.sock");
        Files.writeString(path, "not a socket");
        try (var fixture = new TransportFixture.Tcp()) {
            assertThatThrownBy(() -> fixture.transport.bind(EndPoint.unix(path)))
                    .isInstanceOf(BindException.class).hasMessageContaining(path.toString());
            Files.delete(path);
            var listener = fixture.transport.bind(EndPoint.unix(path));
            assertThat(path).exists();
            listener.close();
            assertThat(path).doesNotExist();
        } finally {
            Files.deleteIfExists(path);
            Files.delete(directory);
        }
    }
}
