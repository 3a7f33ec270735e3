package io.windhover.server.connection;

import static io.windhover.server.InMemoryHttpServer.readToClose;
import static io.windhover.server.InMemoryHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.ReadResult;
import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.HttpProtocols;
import io.windhover.server.InMemoryHttpServer;
import io.windhover.server.LogCapture;
import io.windhover.server.Scheduling;
import io.windhover.server.core.Http2Preface;
import io.windhover.tls.TlsInfo;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.memory.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which engine a connection reaches, by TLS's ALPN and, in cleartext, by its first bytes: the seam
 * Kestrel's {@code HttpConnection.SelectProtocol} is. HTTP/2 here is a stand-in engine that
 * reports what it read, so these tests check the choice, not HTTP/2.
 */
class ProtocolSelectionTest {

    private static final String PREFACE = new String(Http2Preface.CLIENT_PREFACE, StandardCharsets.ISO_8859_1);
    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\n";

    private InMemoryHttpServer server;
    /** What the stand-in HTTP/2 engine read of each connection handed to it. */
    private final List<String> http2Saw = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Scheduling scheduling, HttpProtocols protocols, String alpn) throws Exception {
        ConnectionDelegate http2 = scheduling == Scheduling.INLINE
                ? connection -> Thread.ofVirtual().start(() -> standInHttp2(connection))
                : this::standInHttp2;
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), Http1Limits.defaults(),
                context -> context.response().body().write("h1".getBytes(StandardCharsets.US_ASCII)),
                pipeline -> pipeline.use((connection, next) -> {
                    if (alpn != null) {
                        connection.features().set(TlsInfo.class, new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256",
                                alpn.isEmpty() ? null : alpn, null, List.of()));
                    }
                    next.execute(connection);
                }),
                services -> new HttpConnectionDelegate(services, protocols, http2));
    }

    /** Reads the preface's length and answers "h2", as an engine that took the connection would. */
    private void standInHttp2(ConnectionContext connection) {
        byte[] first = new byte[Http2Preface.CLIENT_PREFACE.length];
        int read = 0;
        while (read < first.length) {
            ReadResult result = connection.input().read();
            int take = (int) Math.min(first.length - read, result.buffer().length());
            result.buffer().copyTo(result.buffer().start(), first, read, take);
            read += take;
            connection.input().advanceTo(result.buffer().start() + take, result.buffer().end());
            if (result.isCompleted() && read < first.length) {
                break;
            }
        }
        http2Saw.add(new String(first, 0, read, StandardCharsets.ISO_8859_1));
        connection.output().write("h2".getBytes(StandardCharsets.US_ASCII));
        connection.output().flush();
        connection.input().complete();
        connection.output().complete();
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void aCleartextConnectionThatOpensWithThePrefaceGoesToHttp2OnAMixedEndPoint(Scheduling scheduling) throws Exception {
        start(scheduling, HttpProtocols.HTTP1_AND_HTTP2, null);
        assertThat(server.exchange(PREFACE)).isEqualTo("h2");
        assertThat(http2Saw).containsExactly(PREFACE);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void aPrefaceArrivingAByteAtATimeIsStillHttp2(Scheduling scheduling) throws Exception {
        start(scheduling, HttpProtocols.HTTP1_AND_HTTP2, null);
        InMemoryConnection client = server.connect();
        for (char c : PREFACE.toCharArray()) {
            send(client, String.valueOf(c));
        }
        assertThat(readToClose(client)).isEqualTo("h2");
        assertThat(http2Saw).containsExactly(PREFACE);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void anHttp1RequestOnAMixedEndPointIsServedByHttp1(Scheduling scheduling) throws Exception {
        start(scheduling, HttpProtocols.HTTP1_AND_HTTP2, null);
        assertThat(server.exchange(GET)).startsWith(OK).endsWith("\r\n\r\nh1");
        // A request line that starts like the preface and then differs is HTTP/1.1 too.
        assertThat(server.exchange("PRI / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith(OK);
        assertThat(http2Saw).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void anHttp1OnlyEndPointAnswersThePrefaceWithGoawayHttp11Required(Scheduling scheduling) throws Exception {
        start(scheduling, HttpProtocols.HTTP1, null);
        try (var log = new LogCapture()) {
            assertThat(server.exchange(PREFACE)).isEqualTo(new String(Http2Preface.HTTP_1_1_REQUIRED, StandardCharsets.ISO_8859_1));
            assertThat(log.linesOf("io.windhover.server.http1.BadRequests")).singleElement().asString()
                    .contains("opened with the HTTP/2 preface").contains("GOAWAY HTTP_1_1_REQUIRED");
        }
        assertThat(server.exchange(GET)).as("and goes on serving").startsWith(OK);
        assertThat(http2Saw).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void anHttp2OnlyCleartextEndPointHandsEveryConnectionToHttp2(Scheduling scheduling) throws Exception {
        start(scheduling, HttpProtocols.HTTP2, null);
        assertThat(server.exchange(GET)).isEqualTo("h2");
        assertThat(http2Saw).singleElement().asString().startsWith("GET / HTTP/1.1");
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void overTlsAlpnH2GoesToHttp2WithoutLookingAtTheBytes(Scheduling scheduling) throws Exception {
        start(scheduling, HttpProtocols.HTTP1_AND_HTTP2, "h2");
        assertThat(server.exchange(PREFACE)).isEqualTo("h2");
        assertThat(http2Saw).containsExactly(PREFACE);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void overTlsAPrefaceOnAnHttp11ConnectionIsRefusedNotSwitched(Scheduling scheduling) throws Exception {
        // RFC 9113 §3.2: over TLS, HTTP/2 is chosen by ALPN alone.
        start(scheduling, HttpProtocols.HTTP1_AND_HTTP2, "http/1.1");
        assertThat(server.exchange(PREFACE)).isEqualTo(new String(Http2Preface.HTTP_1_1_REQUIRED, StandardCharsets.ISO_8859_1));
        assertThat(server.exchange(GET)).startsWith(OK);
        assertThat(http2Saw).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void anHttp2OnlyTlsEndPointClosesAClientThatNegotiatedNoProtocol(Scheduling scheduling) throws Exception {
        start(scheduling, HttpProtocols.HTTP2, "");
        try (var log = new LogCapture()) {
            assertThat(server.exchange(GET)).isEmpty();
            assertThat(log.linesContaining("HTTP/2 over TLS was not negotiated")).hasSize(1);
        }
        assertThat(http2Saw).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HttpProtocols.class)
    void selectionTable(HttpProtocols protocols) {
        var h2 = new TlsInfo("TLSv1.3", "x", "h2", null, List.of());
        var h1 = new TlsInfo("TLSv1.3", "x", "http/1.1", null, List.of());
        var none = new TlsInfo("TLSv1.3", "x", null, null, List.of());
        switch (protocols) {
            case HTTP1 -> assertThat(List.of(HttpConnectionDelegate.select(protocols, null), HttpConnectionDelegate.select(protocols, h1),
                    HttpConnectionDelegate.select(protocols, none))).containsOnly(HttpConnectionDelegate.Selection.HTTP1);
            case HTTP2 -> assertThat(List.of(HttpConnectionDelegate.select(protocols, null), HttpConnectionDelegate.select(protocols, h2),
                    HttpConnectionDelegate.select(protocols, h1), HttpConnectionDelegate.select(protocols, none)))
                    .containsExactly(HttpConnectionDelegate.Selection.HTTP2, HttpConnectionDelegate.Selection.HTTP2,
                            HttpConnectionDelegate.Selection.NONE, HttpConnectionDelegate.Selection.NONE);
            case HTTP1_AND_HTTP2 -> assertThat(List.of(HttpConnectionDelegate.select(protocols, null), HttpConnectionDelegate.select(protocols, h2),
                    HttpConnectionDelegate.select(protocols, h1), HttpConnectionDelegate.select(protocols, none)))
                    .containsExactly(HttpConnectionDelegate.Selection.HTTP1, HttpConnectionDelegate.Selection.HTTP2,
                            HttpConnectionDelegate.Selection.HTTP1, HttpConnectionDelegate.Selection.HTTP1);
        }
    }
}
