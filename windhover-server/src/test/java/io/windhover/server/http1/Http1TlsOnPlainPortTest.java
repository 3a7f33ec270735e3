package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import io.windhover.server.LogCapture;
import static io.windhover.server.InMemoryHttpServer.readToClose;
import static io.windhover.server.InMemoryHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import io.windhover.transport.memory.InMemoryConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A TLS client on the plain-HTTP end point: its ClientHello, which need not hold an LF, is
 * answered 400 and the connection closed at once (not 408 after the request headers timeout),
 * with one INFO line saying a TLS handshake arrived. The ClientHello is a real one, the first
 * flight of the JDK's SSLEngine in client mode.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1TlsOnPlainPortTest {

    private static byte[] clientHello;

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;
    private LogCapture log;

    @BeforeAll
    static void makeClientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
        assertThat(result.bytesProduced()).isPositive();
        clientHello = Arrays.copyOf(out.array(), out.position());
        engine.closeOutbound();
    }

    @BeforeEach
    void start() throws Exception {
        // The default 30 s headers timeout: an answer that waited for it would fail the read's bound.
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(),
                context -> context.response().body().write("ok".getBytes(StandardCharsets.US_ASCII)));
        log = new LogCapture();
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    /** Sends {@code bytes} without closing the client's side and reads the answer up to the close. */
    private String answerTo(byte[] bytes) throws Exception {
        InMemoryConnection client = server.connect();
        send(client, bytes);
        return readToClose(client);
    }

    private void assertOneTlsLine() {
        List<String> lines = log.linesOf(Http1Log.BAD_REQUESTS);
        assertThat(lines).singleElement().asString().contains(" INFO ").contains("answered 400")
                .contains("TLS_OVER_HTTP: a TLS handshake arrived on a plain-HTTP end point");
    }

    @Test
    void answersARealClientHelloWith400AndClosesAtOnce() throws Exception {
        assertThat(clientHello[0]).as("a handshake record").isEqualTo((byte) 0x16);
        assertThat(answerTo(clientHello)).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\r\nConnection: close\r\n")
                .endsWith("\r\n\r\n");
        assertOneTlsLine();
    }

    @Test
    void answersATruncatedClientHelloWith400() throws Exception {
        assertThat(answerTo(Arrays.copyOf(clientHello, 5))).as("the record header alone").startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertOneTlsLine();
    }

    @Test
    void answersTheFirstBytesOfAHandshakeWith400() throws Exception {
        assertThat(answerTo(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00})).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertOneTlsLine();
    }

    @Test
    void answersOtherBinaryBytesWith400WithoutWaitingForALineEnd() throws Exception {
        assertThat(answerTo(new byte[] {'G', 'E', 0x00, 0x01})).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(log.linesOf(Http1Log.BAD_REQUESTS)).singleElement().asString().contains("INVALID_METHOD");
    }
}
