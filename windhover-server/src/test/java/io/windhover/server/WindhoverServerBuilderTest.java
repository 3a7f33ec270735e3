package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's options, each checked by a request: every way of saying where to listen, and the Server header. */
class WindhoverServerBuilderTest {

    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    private WindhoverServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WindhoverServer.Builder builder() {
        return WindhoverServer.builder().shutdownTimeout(Duration.ofSeconds(1))
                .application(context -> context.response().body().write("listening".getBytes(StandardCharsets.US_ASCII)));
    }

    private static String get(InetSocketAddress address) throws IOException {
        try (var socket = new Socket(address.getAddress(), address.getPort())) {
            socket.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int freePort() throws IOException {
        try (var probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    @Test
    void listensOnOneAddress() throws Exception {
        server = builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        server.start();

        assertThat(server.listeningUrls()).singleElement().asString().startsWith("http://127.0.0.1:");
        assertThat(get(new InetSocketAddress(InetAddress.getLoopbackAddress(), Wire.port(server)))).endsWith("\r\n\r\nlistening");
    }

    @Test
    void listensOnEveryInterface() throws Exception {
        int port = freePort();
        server = builder().listenAnyIP(port).build();
        server.start();

        assertThat(server.listeningUrls()).singleElement().asString().endsWith(":" + port);
        assertThat(get(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))).endsWith("listening");
    }

    @Test
    void listensOnBothLoopbacks() throws Exception {
        int port = freePort();
        server = builder().listenLocalhost(port).build();
        server.start();

        assertThat(server.listeningUrls()).contains("http://127.0.0.1:" + port);
        assertThat(get(new InetSocketAddress("127.0.0.1", port))).endsWith("listening");
        if (server.listeningUrls().contains("http://[::1]:" + port)) { // machines without IPv6 bind IPv4 only
            assertThat(get(new InetSocketAddress("::1", port))).endsWith("listening");
        }
    }

    @Test
    void listensOnAUnixSocket(@TempDir Path folder) throws Exception {
        Path socketPath = folder.resolve("app.sock");
        server = builder().listenUnixSocket(socketPath).build();
        server.start();

        assertThat(server.listeningUrls()).containsExactly("http://unix:" + socketPath);
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            channel.write(ByteBuffer.wrap(REQUEST.getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(channel);
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).endsWith("listening");
        }
        server.close();
        assertThat(Files.exists(socketPath)).as("socket file removed at stop").isFalse();
    }

    @Test
    void servesAServerSocketBoundBeforehand() throws Exception {
        var bound = ServerSocketChannel.open();
        bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) bound.getLocalAddress()).getPort();
        server = builder().listen(new EndPoint.Channel(bound)).build();
        server.start();

        assertThat(server.listeningUrls()).containsExactly("http://127.0.0.1:" + port);
        assertThat(get(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))).endsWith("listening");
        server.close();
        assertThat(bound.isOpen()).as("closed by the server at stop").isFalse();
    }

    @Test
    void namesItselfUnlessToldNotTo() throws Exception {
        server = builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        server.start();
        assertThat(get(new InetSocketAddress(InetAddress.getLoopbackAddress(), Wire.port(server)))).contains("\r\nServer: Windhover\r\n");
        server.close();

        server = builder().addServerHeader(false).listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        server.start();
        assertThat(get(new InetSocketAddress(InetAddress.getLoopbackAddress(), Wire.port(server))))
                .startsWith("HTTP/1.1 200 OK\r\n").doesNotContainIgnoringCase("\r\nServer:").endsWith("listening");
    }
}
