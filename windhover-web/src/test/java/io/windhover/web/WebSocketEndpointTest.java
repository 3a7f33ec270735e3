package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.WebSocketMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code app.webSocket(...)} over loopback sockets: the handshake's answers as wire transcripts,
 * and the JDK's {@code java.net.http.WebSocket} as a real client.
 */
@Timeout(30)
class WebSocketEndpointTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private TestHost host;
    private int port;
    private final CountDownLatch handlerEnded = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(10)));
        WebSocketHandler echo = socket -> {
            try {
                for (WebSocketMessage message; (message = socket.receive()) != null; ) {
                    socket.send(message);
                }
            } finally {
                handlerEnded.countDown();
            }
        };
        app.webSocket("/echo", WebSocketEndpointOptions.builder().subProtocols("chat.v2", "chat.v1").maxMessageSize(1000)
                .compression(true).build(), echo);
        app.webSocket("/guarded", WebSocketEndpointOptions.builder().allowedOrigins("https://good.example").build(), echo);
        app.webSocket("/throws", socket -> {
            throw new IllegalStateException("handler bug");
        });
        host = TestHost.start(TestHost.Kind.SOCKET, app);
        String url = app.listeningUrls().getFirst();
        port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private WebSocket connect(String path, WebSocketClientListener listener, String... subProtocols) throws Exception {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (subProtocols.length > 0) {
            builder.subprotocols(subProtocols[0], java.util.Arrays.copyOfRange(subProtocols, 1, subProtocols.length));
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener).get(10, TimeUnit.SECONDS);
    }

    /** Sends a raw handshake and returns the response head. */
    private String handshake(String path, String... fields) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: a\r\n");
            for (String field : fields) {
                request.append(field).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            return readHead(socket.getInputStream());
        }
    }

    private static String readHead(InputStream input) throws IOException {
        var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = input.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static final String[] VALID = {"Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: " + KEY};

    @Test
    void jdkClientEchoesTextAndBinaryWithTheChosenSubProtocol() throws Exception {
        var listener = new WebSocketClientListener();
        WebSocket client = connect("/echo", listener, "chat.v1", "chat.v2");
        assertThat(client.getSubprotocol()).as("the server's preference").isEqualTo("chat.v2");

        client.sendText("héllo", true).get(10, TimeUnit.SECONDS);
        assertThat(listener.next()).isEqualTo("héllo");
        client.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
        assertThat((byte[]) listener.next()).containsExactly(1, 2, 3);
        client.sendText("frag", false).get(10, TimeUnit.SECONDS);
        client.sendText("mented", true).get(10, TimeUnit.SECONDS);
        assertThat(listener.next()).isEqualTo("fragmented");

        client.sendClose(CloseCodes.NORMAL, "bye").get(10, TimeUnit.SECONDS);
        assertThat(listener.closeCode()).isEqualTo(CloseCodes.NORMAL);
        assertThat(handlerEnded.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void messageOneByteOverTheEndpointsLimitIsClosedWith1009() throws Exception {
        var listener = new WebSocketClientListener();
        WebSocket client = connect("/echo", listener);
        client.sendText("x".repeat(1000), true).get(10, TimeUnit.SECONDS);
        assertThat(listener.next()).isEqualTo("x".repeat(1000));
        client.sendText("x".repeat(1001), true).get(10, TimeUnit.SECONDS);
        assertThat(listener.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void handlerThatThrowsClosesWith1011() throws Exception {
        var listener = new WebSocketClientListener();
        connect("/throws", listener);
        assertThat(listener.closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR);
    }

    @Test
    void acceptsAValidHandshakeWith101AndTheAcceptValue() throws IOException {
        String head = handshake("/echo", VALID);
        assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .containsIgnoringCase("Upgrade: websocket\r\n").containsIgnoringCase("Connection: Upgrade\r\n")
                .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                .doesNotContain("Sec-WebSocket-Extensions").doesNotContain("Sec-WebSocket-Protocol");
    }

    @Test
    void negotiatesPermessageDeflateWhenTheEndpointAllowsIt() throws IOException {
        String[] fields = java.util.Arrays.copyOf(VALID, VALID.length + 1);
        fields[VALID.length] = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits; server_no_context_takeover";
        assertThat(handshake("/echo", fields)).contains("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n");
        assertThat(handshake("/guarded", fields)).as("compression off").doesNotContain("Sec-WebSocket-Extensions");
    }

    @Test
    void wrongVersionIs426WithTheVersionWeSpeak() throws IOException {
        String head = handshake("/echo", "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 8",
                "Sec-WebSocket-Key: " + KEY);
        assertThat(head).startsWith("HTTP/1.1 426 Upgrade Required\r\n").contains("Sec-WebSocket-Version: 13\r\n");
        assertThat(handshake("/echo", "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Key: " + KEY))
                .as("missing").startsWith("HTTP/1.1 426 ");
    }

    @Test
    void malformedHandshakesAre400() throws IOException {
        assertThat(handshake("/echo", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY)).as("no upgrade")
                .startsWith("HTTP/1.1 400 ");
        assertThat(handshake("/echo", "Connection: Upgrade", "Upgrade: h2c", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: " + KEY)).as("another protocol").startsWith("HTTP/1.1 400 ");
        assertThat(handshake("/echo", "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13"))
                .as("no key").startsWith("HTTP/1.1 400 ");
        assertThat(handshake("/echo", "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: c2hvcnQ=")).as("key of 5 bytes").startsWith("HTTP/1.1 400 ");
    }

    @Test
    void originNotAllowedIs403() throws Exception {
        String[] fields = java.util.Arrays.copyOf(VALID, VALID.length + 1);
        fields[VALID.length] = "Origin: https://evil.example";
        assertThat(handshake("/guarded", fields)).startsWith("HTTP/1.1 403 ");
        fields[VALID.length] = "Origin: https://GOOD.example";
        assertThat(handshake("/guarded", fields)).startsWith("HTTP/1.1 101 ");
        assertThat(handshake("/guarded", VALID)).as("no origin where origins are restricted").startsWith("HTTP/1.1 403 ");
    }

    @Test
    void otherMethodsAre405() throws Exception {
        assertThat(host.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 405 ").contains("Allow: GET\r\n");
    }

    @Test
    void gracefulShutdownClosesOpenSocketsWith1001() throws Exception {
        var listener = new WebSocketClientListener();
        WebSocket client = connect("/echo", listener);
        client.sendText("before", true).get(10, TimeUnit.SECONDS);
        assertThat(listener.next()).isEqualTo("before");

        Thread stopping = Thread.startVirtualThread(() -> host.app().close());
        assertThat(listener.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
        // The JDK client answers the Close itself once onClose returns: that answer ends the handler.
        assertThat(handlerEnded.await(10, TimeUnit.SECONDS)).isTrue();
        stopping.join(); // bounded by the shutdown timeout, after which the stop aborts what is left
        assertThat(host.app().statistics().abortedAtShutdown()).as("ended by the Close, not aborted at the timeout").isZero();
    }
}
