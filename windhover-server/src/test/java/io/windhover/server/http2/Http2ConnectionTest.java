package io.windhover.server.http2;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.HttpProtocols;
import io.windhover.server.InMemoryHttpServer;
import io.windhover.server.Scheduling;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.http.HttpExtendedConnectFeature;
import io.windhover.server.http.UpgradedConnection;
import io.windhover.server.http2.Http2TestClient.Frame;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP/2 connection frame by frame, on the in-memory transport with the server's clock in the
 * test's hands: each limit and timeout crossed, with the exact frame the server answers.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http2ConnectionTest {

    private static final int NO_ERROR = 0x0;
    private static final int PROTOCOL_ERROR = 0x1;
    private static final int STREAM_CLOSED = 0x5;
    private static final int REFUSED_STREAM = 0x7;
    private static final int ENHANCE_YOUR_CALM = 0xb;
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;
    private final List<Http2TestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(Http2TestClient::close);
        if (server != null) {
            server.close(); // fails the test if a pool block leaked
        }
    }

    private Http2TestClient start(HttpLimits limits, Http2Limits http2Limits, HttpApplication application, long... settings)
            throws Exception {
        server = new InMemoryHttpServer(scheduling, limits, Http1Limits.defaults(), http2Limits, application,
                UnaryOperator.identity(),
                (services, pool) -> new HttpConnectionDelegate(services, HttpProtocols.HTTP2,
                        new Http2ConnectionDelegate(services, pool)));
        return connect(settings);
    }

    private Http2TestClient connect(long... settings) throws Exception {
        var client = new Http2TestClient(server.connect());
        clients.add(client);
        return client.handshake(settings);
    }

    private static Http2Limits maxStreams(int streams) {
        var defaults = Http2Limits.defaults();
        return new Http2Limits(streams, defaults.headerTableSize(), defaults.maxFrameSize(),
                defaults.maxRequestHeaderFieldSize(), defaults.initialConnectionWindowSize(),
                defaults.initialStreamWindowSize(), defaults.keepAlivePingDelay(), defaults.keepAlivePingTimeout());
    }

    /** RFC 7541 §6.2.2: a literal field without indexing, new name, no Huffman: what our encoder would lower-case. */
    private static byte[] literal(String name, String value) {
        return RawFrames.concat(new byte[] {0x00, (byte) name.length()}, RawFrames.latin1(name),
                new byte[] {(byte) value.length()}, RawFrames.latin1(value));
    }

    /** Opens streams from {@code firstStream} until one is answered rather than refused (bounded). */
    private static boolean servedOnceSlotsFree(Http2TestClient client, int firstStream) throws Exception {
        for (int stream = firstStream; stream < firstStream + 200; stream += 2) {
            client.get(stream, "/");
            int id = stream;
            Frame answer = client.until(frame -> frame.streamId() == id
                    && (frame.type() == RawFrames.HEADERS || frame.type() == RawFrames.RST_STREAM));
            if (answer.type() == RawFrames.HEADERS) {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }

    private static void assertReset(Frame reset, int streamId, int errorCode) {
        assertThat(reset.streamId()).as("the reset stream").isEqualTo(streamId);
        assertThat(reset.errorCode()).as("the error code").isEqualTo(errorCode);
    }

    /**
     * Moves the server's clock on by {@code step} at a time, a round trip after each, until stream
     * {@code streamId} is answered (bounded in wall time, for a deadline the test cannot see): its HEADERS.
     */
    private Frame advanceUntilAnswered(Http2TestClient client, int streamId, Duration step) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long ping = 1000; ; ping++) {
            assertThat(System.nanoTime() - giveUp).as("an answer on stream %d", streamId).isNegative();
            server.advance(step);
            var headers = client.framesBeforeRoundTrip(ping).stream()
                    .filter(frame -> frame.type() == RawFrames.HEADERS && frame.streamId() == streamId).findFirst();
            if (headers.isPresent()) {
                return headers.get();
            }
        }
    }

    /**
     * Between requests the connection holds no thread: the frame loop runs in wake-ups, virtual
     * threads that end when it waits for input. A thread parked in the frame loop would show in the
     * JVM's thread dump, which lists virtual threads too, with {@code Http2Connection.loop} on its
     * stack.
     */
    @Test
    void anIdleConnectionHoldsNoThreadBetweenRequests() throws Exception {
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> context.response().body().write(HELLO));
        for (int stream = 1; stream <= 3; stream += 2) {
            client.get(stream, "/");
            assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry(":status", "200");
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (threadDump().contains("Http2Connection.loop")) {
                assertThat(System.nanoTime() - giveUp).as("the frame loop's thread ends while the connection is idle")
                        .isNegative();
                Thread.sleep(5);
            }
        }
    }

    private static String threadDump() throws IOException {
        Path file = Files.createTempDirectory("threads").resolve("dump.txt");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return Files.readString(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }

    /** A well-behaved client on a connection of its own is answered 200, whatever the first client does. */
    private void assertAnotherClientIsServed() throws Exception {
        var other = connect();
        other.get(1, "/");
        assertThat(other.fields(other.next(RawFrames.HEADERS))).containsEntry(":status", "200");
    }

    /** Waits, bounded, until {@code counter} reads {@code expected}: handlers start on threads of their own. */
    private static void awaitValue(AtomicInteger counter, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.get() != expected) {
            assertThat(System.nanoTime() - deadline).as("waiting for %d, at %d", expected, counter.get()).isNegative();
            Thread.sleep(1);
        }
    }

    @Test
    void answersAGetWithAHeadersAndADataFrameThatEndsTheStream() throws Exception {
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            context.response().headers().set("Content-Type", "text/plain");
            context.response().headers().set("Connection", "close"); // HTTP/1.1's, never sent on HTTP/2
            context.response().body().write(HELLO);
        });
        client.get(1, "/");
        Frame headers = client.next(RawFrames.HEADERS);
        Map<String, String> fields = client.fields(headers);
        assertThat(fields).containsEntry(":status", "200").containsEntry("content-type", "text/plain")
                .containsEntry("content-length", "5").containsEntry("server", "Windhover").containsKey("date")
                .doesNotContainKey("connection");
        Frame data = client.next(RawFrames.DATA);
        assertThat(new String(data.payload(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(data.has(Http2Flags.END_STREAM)).isTrue();
    }

    @Test
    void refusesTheStreamOneOverTheConcurrentStreamLimitWithRefusedStream() throws Exception {
        var release = new CountDownLatch(1);
        var running = new AtomicInteger();
        var client = start(HttpLimits.defaults(), maxStreams(2), context -> {
            running.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            context.response().body().write(HELLO);
        });
        client.get(1, "/");
        client.get(3, "/");
        client.roundTrip(1);
        client.get(5, "/"); // the third: one over
        assertReset(client.next(RawFrames.RST_STREAM), 5, REFUSED_STREAM);
        awaitValue(running, 2);
        release.countDown();
        List<Integer> ended = new ArrayList<>();
        while (ended.size() < 2) {
            Frame frame = client.next(RawFrames.DATA);
            if (frame.has(Http2Flags.END_STREAM)) {
                ended.add(frame.streamId());
            }
        }
        assertThat(ended).containsExactlyInAnyOrder(1, 3);
    }

    @Test
    void aResetStreamCountsAgainstTheLimitUntilItsHandlerReturns() throws Exception {
        // CVE-2023-44487, "rapid reset": a reset frees the client's slot at once, but not the server's work.
        var release = new CountDownLatch(1);
        var running = new AtomicInteger();
        var client = start(HttpLimits.defaults(), maxStreams(4), context -> {
            running.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } finally {
                running.decrementAndGet();
            }
        });
        for (int stream = 1; stream <= 7; stream += 2) {
            client.headers(stream, false, client.block("POST", "/"));
        }
        awaitValue(running, 4);
        for (int stream = 1; stream <= 7; stream += 2) {
            client.rstStream(stream, 0x8); // CANCEL
        }
        client.headers(9, false, client.block("POST", "/"));
        assertReset(client.next(RawFrames.RST_STREAM), 9, REFUSED_STREAM);
        release.countDown();
        awaitValue(running, 0);
        assertAnotherClientIsServed();
        // The handlers returned: the slots come free as each stream completes, just after.
        assertThat(servedOnceSlotsFree(client, 11)).isTrue();
    }

    @Test
    void aStreamResetInTheReadThatOpenedItNeverRunsAndTheResetsAreBudgeted() throws Exception {
        var ran = new AtomicInteger();
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> ran.incrementAndGet());
        int stream = 1;
        for (int i = 0; i < Http2Connection.MAX_RESETS_PER_WINDOW; i++, stream += 2) {
            client.send(RawFrames.concat(RawFrames.frame(RawFrames.HEADERS, Http2Flags.END_HEADERS, stream,
                    client.block("POST", "/")), RawFrames.frame(RawFrames.RST_STREAM, 0, stream, RawFrames.int32(0x8))));
        }
        client.roundTrip(8); // 200 within the window: tolerated
        assertThat(ran.get()).isZero();
        server.advance(Duration.ofSeconds(30)); // a new window
        for (int i = 0; i <= Http2Connection.MAX_RESETS_PER_WINDOW; i++, stream += 2) {
            if (i == Http2Connection.MAX_RESETS_PER_WINDOW) {
                client.roundTrip(9); // 200 in the new window: tolerated; the next is one over
            }
            client.send(RawFrames.concat(RawFrames.frame(RawFrames.HEADERS, Http2Flags.END_HEADERS, stream,
                    client.block("POST", "/")), RawFrames.frame(RawFrames.RST_STREAM, 0, stream, RawFrames.int32(0x8))));
        }
        Frame goAway = client.next(RawFrames.GOAWAY);
        assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
        assertThat(client.closesConnection()).isTrue();
        assertAnotherClientIsServed();
    }

    @Test
    void budgetsTheResetsAClientProvokesLikeItsOwn() throws Exception {
        // MadeYouReset (CVE-2025-8671): malformed requests make the server send the RST_STREAMs.
        var ran = new AtomicInteger();
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> ran.incrementAndGet());
        int stream = 1;
        for (int i = 0; i < Http2Connection.MAX_RESETS_PER_WINDOW; i++, stream += 2) {
            client.headers(stream, true, RawFrames.concat(client.block("GET", "/"), literal("Upper-Case", "x")));
        }
        List<Frame> frames = client.framesBeforeRoundTrip(1); // 200 tolerated: each answered RST_STREAM
        assertThat(frames).hasSize(Http2Connection.MAX_RESETS_PER_WINDOW)
                .allMatch(frame -> frame.type() == RawFrames.RST_STREAM && frame.errorCode() == PROTOCOL_ERROR);
        client.headers(stream, true, RawFrames.concat(client.block("GET", "/"), literal("Upper-Case", "x")));
        assertThat(client.next(RawFrames.RST_STREAM).streamId()).isEqualTo(stream);
        Frame goAway = client.next(RawFrames.GOAWAY);
        assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
        assertThat(client.closesConnection()).isTrue();
        assertThat(ran.get()).isZero();
        assertAnotherClientIsServed();
    }

    @Test
    void takesFloodsOfPriorityAndWindowUpdateFramesWithoutAnswerOrStateAndAnswersOverflowWithFlowControlError()
            throws Exception {
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> context.response().body().write(HELLO));
        // 10,000 PRIORITY frames on streams never opened (§5.3.2: deprecated, may name idle streams),
        // then as many WINDOW_UPDATEs of 1 on the connection: no answer, nothing kept per frame.
        var flood = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            flood.writeBytes(RawFrames.frame(RawFrames.PRIORITY, 0, 2 * i + 101, RawFrames.octets(0, 0, 0, 0, 15)));
        }
        for (int i = 0; i < 10_000; i++) {
            flood.writeBytes(RawFrames.frame(RawFrames.WINDOW_UPDATE, 0, 0, RawFrames.int32(1)));
        }
        client.send(flood.toByteArray());
        assertThat(client.framesBeforeRoundTrip(1)).isEmpty();
        client.get(1, "/");
        assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry(":status", "200");
        assertAnotherClientIsServed();
        // §6.9.1: a window pushed past 2^31-1 is a connection error FLOW_CONTROL_ERROR.
        client.windowUpdate(0, Integer.MAX_VALUE);
        assertThat(client.next(RawFrames.GOAWAY).errorCode()).isEqualTo(0x3);
        assertThat(client.closesConnection()).isTrue();
    }

    @Test
    void decodesAHeaderBlockSplitIntoOneOctetContinuationsAndRefusesOneOverTheBlockLimit() throws Exception {
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            context.response().headers().set("x-seen", context.request().headers().get("x-long"));
            context.response().body().write(HELLO);
        });
        byte[] block = client.block("GET", "/", "x-long", "v".repeat(100));
        var split = new java.io.ByteArrayOutputStream();
        split.writeBytes(RawFrames.frame(RawFrames.HEADERS, Http2Flags.END_STREAM, 1, java.util.Arrays.copyOf(block, 1)));
        for (int i = 1; i < block.length; i++) {
            int flags = i == block.length - 1 ? Http2Flags.END_HEADERS : 0;
            split.writeBytes(RawFrames.frame(RawFrames.CONTINUATION, flags, 1, new byte[] {block[i]}));
        }
        client.send(split.toByteArray());
        assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry("x-seen", "v".repeat(100));
        // A block past 64 KiB in CONTINUATIONs ends the connection before the server holds more.
        client.send(RawFrames.frame(RawFrames.HEADERS, 0, 3, client.block("GET", "/")));
        byte[] chunk = new byte[16_384];
        var tooLong = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            tooLong.writeBytes(RawFrames.frame(RawFrames.CONTINUATION, 0, 3, chunk));
        }
        client.send(tooLong.toByteArray());
        Frame goAway = client.next(RawFrames.GOAWAY);
        assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM); // §10.5, the block limit
        assertThat(client.closesConnection()).isTrue();
    }

    @Test
    void closesAnIdleConnectionWithGoAwayNoErrorAtTheKeepAliveTimeout() throws Exception {
        var limits = HttpLimits.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));
        var client = start(limits, Http2Limits.defaults(), context -> context.response().body().write(HELLO));
        client.get(1, "/");
        client.until(frame -> frame.type() == RawFrames.DATA && frame.has(Http2Flags.END_STREAM));
        client.roundTrip(7); // the connection is idle and the timer runs from now (the clock has not moved)
        server.advance(Duration.ofSeconds(59));
        client.roundTrip(3); // still open a second before the timeout
        server.advance(Duration.ofSeconds(2));
        Frame goAway = client.next(RawFrames.GOAWAY);
        assertThat(goAway.errorCode()).isEqualTo(NO_ERROR);
        assertThat(goAway.lastStreamId()).isEqualTo(1);
        assertThat(client.closesConnection()).isTrue();
    }

    @Test
    void endsAFieldBlockThatDoesNotCompleteWithinTheRequestHeadersTimeout() throws Exception {
        // The 2024 CONTINUATION attacks: a block begun and never ended must not hold the connection.
        var limits = HttpLimits.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(600));
        var client = start(limits, Http2Limits.defaults(), context -> context.response().body().write(HELLO));
        // A PING in the same write: its ACK says the block's first frame was read and the timer armed.
        client.send(RawFrames.concat(RawFrames.frame(RawFrames.PING, 0, 0, new byte[8]),
                RawFrames.frame(RawFrames.HEADERS, Http2Flags.END_STREAM, 1, client.block("GET", "/"))));
        client.until(frame -> frame.type() == RawFrames.PING && frame.has(Http2Flags.ACK));
        server.advance(Duration.ofSeconds(9));
        client.send(RawFrames.frame(RawFrames.CONTINUATION, 0, 1, new byte[0]));
        assertAnotherClientIsServed(); // while the block is open
        server.advance(Duration.ofSeconds(2));
        Frame goAway = client.next(RawFrames.GOAWAY);
        assertThat(goAway.errorCode()).isEqualTo(PROTOCOL_ERROR);
        assertThat(new String(goAway.payload(), 8, goAway.payload().length - 8, StandardCharsets.UTF_8))
                .isEqualTo("request headers timeout");
        assertThat(client.closesConnection()).isTrue();
    }

    @Test
    void answers413WhenTheHandlerReadsABodyOverTheLimitAnd200AtTheLimit() throws Exception {
        var client = start(HttpLimits.defaults().withMaxRequestBodySize(100), Http2Limits.defaults(), context -> {
            byte[] body = context.request().body().readAllBytes();
            context.response().body().write(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        });
        client.headers(1, false, client.block("POST", "/", "content-length", "100"));
        client.data(1, true, new byte[100]);
        assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry(":status", "200");
        assertThat(new String(client.next(RawFrames.DATA).payload(), StandardCharsets.US_ASCII)).isEqualTo("100");

        client.headers(3, false, client.block("POST", "/", "content-length", "101"));
        client.data(3, true, new byte[101]);
        Frame headers = client.until(frame -> frame.type() == RawFrames.HEADERS && frame.streamId() == 3);
        assertThat(client.fields(headers)).containsEntry(":status", "413");

        // Without content-length the limit holds as the body arrives.
        client.headers(5, false, client.block("POST", "/"));
        client.data(5, false, new byte[60]);
        client.data(5, true, new byte[41]);
        headers = client.until(frame -> frame.type() == RawFrames.HEADERS && frame.streamId() == 5);
        assertThat(client.fields(headers)).containsEntry(":status", "413");
    }

    @Test
    void sendsAnInterim100WhenTheHandlerFirstWaitsForABodyThatExpectsIt() throws Exception {
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            if (context.request().path().equals("/refuse")) {
                context.response().status(403); // decided from the head alone: the body is not read
                return;
            }
            byte[] body = context.request().body().readAllBytes();
            context.response().body().write(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        });
        client.headers(1, false, client.block("POST", "/", "expect", "100-continue", "content-length", "3"));
        Frame interim = client.next(RawFrames.HEADERS);
        assertThat(interim.has(Http2Flags.END_STREAM)).isFalse();
        assertThat(client.fields(interim)).containsEntry(":status", "100");
        client.data(1, true, new byte[3]);
        assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry(":status", "200");
        assertThat(new String(client.next(RawFrames.DATA).payload(), StandardCharsets.US_ASCII)).isEqualTo("3");

        // A handler that answers without reading sends no 100: the client is spared the upload.
        client.headers(3, false, client.block("POST", "/refuse", "expect", "100-continue", "content-length", "3"));
        Frame answer = client.until(frame -> frame.type() == RawFrames.HEADERS && frame.streamId() == 3);
        assertThat(client.fields(answer)).containsEntry(":status", "403");
    }

    @Test
    void answers431ForOneFieldOverTheCountLimitWithoutRunningTheHandler() throws Exception {
        var ran = new AtomicInteger();
        var client = start(HttpLimits.defaults().withHeaderLimits(32 * 1024, 3), Http2Limits.defaults(), context -> {
            ran.incrementAndGet();
            context.response().body().write(HELLO);
        });
        client.headers(1, true, client.block("GET", "/", "a", "1", "b", "2", "c", "3"));
        assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry(":status", "200");
        client.headers(3, true, client.block("GET", "/", "a", "1", "b", "2", "c", "3", "d", "4"));
        Frame headers = client.until(frame -> frame.type() == RawFrames.HEADERS && frame.streamId() == 3);
        assertThat(client.fields(headers)).containsEntry(":status", "431");
        assertThat(ran.get()).isEqualTo(1);
    }

    @Test
    void resetsAMalformedRequestWithProtocolError() throws Exception {
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> context.response().body().write(HELLO));
        client.headers(1, true, RawFrames.concat(client.block("GET", "/"), literal("Upper-Case", "x"))); // §8.2.1: lower case
        assertReset(client.next(RawFrames.RST_STREAM), 1, PROTOCOL_ERROR);
        client.headers(3, true, client.block("GET", "/", "connection", "keep-alive")); // §8.2.2
        assertReset(client.next(RawFrames.RST_STREAM), 3, PROTOCOL_ERROR);
        client.get(5, "/"); // the connection goes on
        assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry(":status", "200");
    }

    @Test
    void tunnelsAnAcceptedExtendedConnectBothWaysWithNoBodyLimitOrMinimumRate() throws Exception {
        var asked = new java.util.concurrent.atomic.AtomicReference<String>();
        var client = start(HttpLimits.defaults().withMaxRequestBodySize(4), Http2Limits.defaults(), context -> {
            var connect = context.features().get(HttpExtendedConnectFeature.class);
            asked.set(context.request().method() + " " + context.request().path() + " " + connect.protocol());
            context.response().headers().set("sec-websocket-protocol", "chat");
            context.response().headers().set("content-length", "0"); // never on a 2xx to CONNECT
            UpgradedConnection tunnel = connect.accept();
            byte[] buffer = new byte[64];
            for (int read; (read = tunnel.input().read(buffer)) > 0; ) {
                tunnel.output().write(buffer, 0, read);
                tunnel.output().flush();
            }
        });
        // RFC 8441 §3: the server offers extended CONNECT.
        assertThat(client.serverSettings()).containsEntry(0x8, 1L);
        client.headers(1, false, client.block("CONNECT", "/chat", ":protocol", "websocket"));
        Frame headers = client.next(RawFrames.HEADERS);
        assertThat(headers.has(Http2Flags.END_STREAM)).isFalse();
        assertThat(client.fields(headers)).containsEntry(":status", "200").containsEntry("sec-websocket-protocol", "chat")
                .doesNotContainKey("content-length");
        assertThat(asked.get()).isEqualTo("CONNECT /chat websocket");

        client.data(1, false, HELLO); // over the 4-byte body limit: a tunnel is no body
        Frame echoed = client.next(RawFrames.DATA);
        assertThat(echoed.payload()).isEqualTo(HELLO);
        assertThat(echoed.has(Http2Flags.END_STREAM)).isFalse();
        // A tunnel may be silent for as long as its protocol likes: far past the body rate's grace.
        server.advance(Duration.ofMinutes(1));
        client.roundTrip(1);
        client.data(1, true, "bye".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(client.next(RawFrames.DATA).payload(), StandardCharsets.US_ASCII)).isEqualTo("bye");
        // The client ended its side; the handler returns and the server ends ours.
        Frame end = client.until(frame -> frame.streamId() == 1);
        assertThat(end.type()).isEqualTo(RawFrames.DATA);
        assertThat(end.has(Http2Flags.END_STREAM)).isTrue();
    }

    @Test
    void resetsAMalformedExtendedConnectWithProtocolErrorAndOffersNoTunnelToPlainRequests() throws Exception {
        var offered = new AtomicInteger();
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            if (context.features().get(HttpExtendedConnectFeature.class) != null) {
                offered.incrementAndGet();
            }
            context.response().body().write(HELLO);
        });
        // RFC 8441 §4: :protocol on a method other than CONNECT, and an extended CONNECT without :path.
        client.headers(1, true, client.block("GET", "/", ":protocol", "websocket"));
        assertReset(client.next(RawFrames.RST_STREAM), 1, PROTOCOL_ERROR);
        client.headers(3, false, client.rawBlock(":method", "CONNECT", ":protocol", "websocket", ":scheme", "http",
                ":authority", "example.test"));
        assertReset(client.next(RawFrames.RST_STREAM), 3, PROTOCOL_ERROR);
        client.get(5, "/");
        assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry(":status", "200");
        assertThat(offered.get()).isZero();
    }

    @Test
    void dropsLateDataOnTheLast128StreamsItResetAndAnswersStreamClosedForOlderOnes() throws Exception {
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> context.response().body().write(HELLO));
        // 129 streams reset by the server (malformed: an upper-case name), each with its body to come.
        for (int stream = 1; stream <= 257; stream += 2) {
            client.headers(stream, false, RawFrames.concat(client.block("POST", "/"), literal("Upper-Case", "x")));
            assertReset(client.next(RawFrames.RST_STREAM), stream, PROTOCOL_ERROR);
        }
        // §5.4.2: DATA already in flight when the RST_STREAM left is dropped without a word...
        client.data(3, false, HELLO);
        client.data(257, true, HELLO);
        assertThat(client.framesBeforeRoundTrip(1)).isEmpty();
        // ...but the first reset fell out of the 128 remembered: its DATA is on a closed stream (§5.1).
        client.data(1, false, HELLO);
        assertReset(client.next(RawFrames.RST_STREAM), 1, STREAM_CLOSED);
        client.get(259, "/"); // the connection goes on
        assertThat(client.fields(client.next(RawFrames.HEADERS))).containsEntry(":status", "200");
    }

    @Test
    void keepsAtMostTheStreamLimitHalfClosedLocalAndResetsTheOldestWithNoError() throws Exception {
        var client = start(HttpLimits.defaults(), maxStreams(2), context -> context.response().body().write(HELLO));
        // Each request's body never ends; each is answered at once (§8.1: a complete response first).
        for (int stream = 1; stream <= 5; stream += 2) {
            client.headers(stream, false, client.block("POST", "/"));
            int id = stream;
            Frame answer = client.until(frame -> frame.streamId() == id && frame.type() == RawFrames.DATA);
            assertThat(answer.has(Http2Flags.END_STREAM)).isTrue();
        }
        // Three half-closed (local) streams, two allowed: the oldest is reset with NO_ERROR.
        // The third handler returns on its own thread, maybe after the next PING: round trips, bounded.
        List<Frame> frames = client.framesBeforeRoundTrip(0);
        for (int ping = 1; frames.isEmpty() && ping < 100; ping++) {
            frames = client.framesBeforeRoundTrip(ping);
        }
        assertThat(frames).hasSize(1);
        assertThat(frames.getFirst().type()).isEqualTo(RawFrames.RST_STREAM);
        assertThat(frames.getFirst().streamId()).isEqualTo(1);
        assertThat(frames.getFirst().errorCode()).isEqualTo(NO_ERROR);
        // The other two still take their bodies' ends; stream 1's late DATA is dropped.
        client.data(1, true, HELLO);
        client.data(3, true, HELLO);
        client.data(5, true, HELLO);
        assertThat(client.framesBeforeRoundTrip(100)).isEmpty();
    }

    @Test
    void endsTheConnectionOnTheEleventhEmptyDataFrameInARow() throws Exception {
        // CVE-2019-9518: frames that carry nothing still cost the server a frame's work each.
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            context.request().body().readAllBytes();
            context.response().body().write(HELLO);
        });
        client.headers(1, false, client.block("POST", "/"));
        for (int i = 0; i < 10; i++) {
            client.data(1, false, new byte[0]);
        }
        client.roundTrip(5); // ten are tolerated
        client.data(1, false, new byte[0]);
        Frame goAway = client.next(RawFrames.GOAWAY);
        assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
        assertThat(client.closesConnection()).isTrue();
        assertAnotherClientIsServed();
    }

    @Test
    void holdsResponseDataToTheClientsWindowAndGoesOnWhenItOpens() throws Exception {
        byte[] body = new byte[1000];
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            context.response().body().write(body);
            context.response().body().flush();
        }, 0x4, 100); // SETTINGS_INITIAL_WINDOW_SIZE = 100
        client.get(1, "/");
        client.next(RawFrames.HEADERS);
        Frame first = client.next(RawFrames.DATA);
        assertThat(first.payload()).hasSize(100);
        client.roundTrip(6);
        client.windowUpdate(1, 900);
        int received = 100;
        boolean ended = false;
        while (!ended) {
            Frame data = client.next(RawFrames.DATA);
            received += data.payload().length;
            ended = data.has(Http2Flags.END_STREAM);
        }
        assertThat(received).isEqualTo(1000);
    }

    @Test
    void abortsAConnectionWhoseClientTakesTheOutputSlowerThanTheMinimumResponseRate() throws Exception {
        // The default: 240 B/s after 5 s. The client reads nothing of a 1 MiB answer: the server's
        // output fills (64 KiB waits in the transport), its flush waits, and the rate's deadline for
        // what waits passes.
        var entered = new CountDownLatch(1);
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            entered.countDown();
            context.response().body().write(new byte[1 << 20]);
        }, 0x4, Integer.MAX_VALUE); // the client's window is no limit: only its reading is
        client.windowUpdate(0, Integer.MAX_VALUE - 65_535);
        client.get(1, "/");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertAnotherClientIsServed(); // while the first reads nothing
        // The deadline is the grace period plus what waits at 240 B/s when the flush began, which
        // the test cannot see: the clock moves on in half hours until the transport reports the end.
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isClosed()) {
            assertThat(System.nanoTime() - giveUp).as("the connection was not aborted").isNegative();
            server.advance(Duration.ofMinutes(30));
            Thread.sleep(1);
        }
    }

    @Test
    void pingsAfterTheKeepAlivePingDelayAndClosesWhenNothingAnswersWithinTheTimeout() throws Exception {
        var defaults = Http2Limits.defaults();
        var pinging = new Http2Limits(defaults.maxStreamsPerConnection(), defaults.headerTableSize(), defaults.maxFrameSize(),
                defaults.maxRequestHeaderFieldSize(), defaults.initialConnectionWindowSize(), defaults.initialStreamWindowSize(),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
        var client = start(HttpLimits.defaults(), pinging, context -> context.response().body().write(HELLO));
        client.roundTrip(10); // the ping delay runs from this read (the clock has not moved)
        server.advance(Duration.ofSeconds(29));
        client.ping(11); // this read starts the delay again
        Frame answer = client.next();
        assertThat(answer.type()).as("no ping from the server at 29 s, only the answer to ours").isEqualTo(RawFrames.PING);
        assertThat(answer.has(Http2Flags.ACK)).isTrue();
        server.advance(Duration.ofSeconds(31));
        Frame ping = client.next(RawFrames.PING);
        assertThat(ping.has(Http2Flags.ACK)).isFalse();
        client.send(RawFrames.frame(RawFrames.PING, Http2Flags.ACK, 0, ping.payload())); // answered: the connection stays
        client.roundTrip(12);
        server.advance(Duration.ofSeconds(31));
        assertThat(client.next(RawFrames.PING).has(Http2Flags.ACK)).isFalse(); // ...and this one goes unanswered
        server.advance(Duration.ofSeconds(11));
        assertThat(client.closesConnection()).isTrue();
    }

    @Test
    void answers408WhenARequestBodyArrivesSlowerThanTheMinimumRate() throws Exception {
        // The default: 240 B/s after a 5 s grace period, from the handler's first wait for the body.
        var waiting = new CountDownLatch(1);
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            var body = context.request().body();
            body.read(new byte[240]); // the first 240 bytes are there
            waiting.countDown();
            body.readAllBytes(); // waits for the rest, which comes too slowly
            context.response().body().write(HELLO);
        });
        client.headers(1, false, client.block("POST", "/"));
        client.data(1, false, new byte[240]);
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        // 240 bytes are due by 5 s + 1 s after the first wait; a second more is still in time for the
        // 241st byte if it came, and it does not: at 6 s 1 ms... the clock moves in steps until the answer.
        server.advance(Duration.ofSeconds(5));
        client.ping(13);
        Frame answer = client.next();
        assertThat(answer.type()).as("no answer within the grace period").isEqualTo(RawFrames.PING);
        assertThat(client.fields(advanceUntilAnswered(client, 1, Duration.ofMillis(500)))).containsEntry(":status", "408");
    }

    @Test
    void holdsTheMinimumBodyRateOnTheConnectionSoAStreamWaitingItsTurnIsNotSlow() throws Exception {
        // A client multiplexing uploads sends one stream's body while another's handler waits: the
        // connection's DATA keeps the rate (Kestrel holds it per connection), so neither fails.
        var entered = new CountDownLatch(2);
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            entered.countDown();
            byte[] body = context.request().body().readAllBytes();
            context.response().body().write(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        });
        client.headers(1, false, client.block("POST", "/waits-its-turn"));
        client.headers(3, false, client.block("POST", "/uploads"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int second = 0; second < 20; second++) { // 1,000 B/s on stream 3 for 20 s, nothing on stream 1
            client.data(3, false, new byte[1_000]);
            server.advance(Duration.ofSeconds(1));
            assertThat(client.framesBeforeRoundTrip(second)).noneMatch(frame -> frame.type() == RawFrames.HEADERS);
        }
        client.data(1, true, HELLO);
        client.data(3, true, new byte[0]);
        var answers = new java.util.HashMap<Integer, String>();
        while (answers.size() < 2) {
            Frame frame = client.next();
            if (frame.type() == RawFrames.HEADERS) {
                answers.put(frame.streamId(), client.fields(frame).get(":status"));
            }
        }
        assertThat(answers).containsEntry(1, "200").containsEntry(3, "200");
        // With the connection quiet, a waiting stream is held to the rate: 408 once its deadline passes.
        client.headers(5, false, client.block("POST", "/stalls"));
        assertThat(client.fields(advanceUntilAnswered(client, 5, Duration.ofSeconds(1)))).containsEntry(":status", "408");
    }

    @Test
    void resetsAStreamWhoseClientNeverOpensItsWindowAtTheMinimumResponseRate() throws Exception {
        // The zero-window stall: SETTINGS_INITIAL_WINDOW_SIZE 0 and no WINDOW_UPDATE, ever.
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            try {
                context.response().body().write(new byte[100]);
                context.response().body().flush();
            } catch (java.io.IOException e) {
                failure.set(e);
                throw e;
            }
        }, 0x4, 0);
        client.get(1, "/");
        client.next(RawFrames.HEADERS); // the head goes out; its 100 bytes of body cannot
        assertAnotherClientIsServed(); // while the first stalls its stream
        // 5 s of grace and 100 bytes at 240 B/s; the writer looks at the clock once a second.
        server.advance(Duration.ofSeconds(6));
        assertReset(client.next(RawFrames.RST_STREAM), 1, 0x8); // CANCEL
        client.roundTrip(15); // the connection goes on
    }

    @Test
    void aGracefulShutdownAnnouncesItselfThenServesTheStreamsOpenedWithinARoundTrip() throws Exception {
        // RFC 9113 §6.8: GOAWAY(2^31-1) and a PING; streams the client opened before it saw them are
        // still served; the PING's ACK brings GOAWAY with the last stream, and later ones are refused.
        var entered = new CountDownLatch(2);
        var release = new CountDownLatch(1);
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            context.response().body().write(HELLO);
        });
        client.get(1, "/");
        Thread stopping = Thread.ofVirtual().start(server::stop);
        Frame announced = client.next(RawFrames.GOAWAY);
        assertThat(announced.errorCode()).isEqualTo(NO_ERROR);
        assertThat(announced.lastStreamId()).isEqualTo(Integer.MAX_VALUE);
        Frame ping = client.next(RawFrames.PING);
        assertThat(ping.has(Http2Flags.ACK)).isFalse();
        client.get(3, "/"); // in flight when the announcement came: served
        client.send(RawFrames.frame(RawFrames.PING, Http2Flags.ACK, 0, ping.payload()));
        Frame last = client.next(RawFrames.GOAWAY);
        assertThat(last.errorCode()).isEqualTo(NO_ERROR);
        assertThat(last.lastStreamId()).isEqualTo(3);
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("both handlers run").isTrue();
        release.countDown();
        List<Integer> ended = new ArrayList<>();
        while (ended.size() < 2) {
            Frame data = client.next(RawFrames.DATA);
            if (data.has(Http2Flags.END_STREAM)) {
                ended.add(data.streamId());
            }
        }
        assertThat(ended).containsExactlyInAnyOrder(1, 3);
        assertThat(client.closesConnection()).isTrue();
        stopping.join();
    }

    @Test
    void aGracefulShutdownFinishesTheStreamInFlight() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var client = start(HttpLimits.defaults(), Http2Limits.defaults(), context -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            context.response().body().write(HELLO);
        });
        client.get(1, "/");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread stopping = Thread.ofVirtual().start(server::stop);
        Frame ping = client.next(RawFrames.PING);
        client.send(RawFrames.frame(RawFrames.PING, Http2Flags.ACK, 0, ping.payload()));
        Frame goAway = client.until(frame -> frame.type() == RawFrames.GOAWAY && frame.lastStreamId() != Integer.MAX_VALUE);
        assertThat(goAway.errorCode()).isEqualTo(NO_ERROR);
        assertThat(goAway.lastStreamId()).isEqualTo(1);
        release.countDown();
        Frame data = client.next(RawFrames.DATA);
        assertThat(data.streamId()).isEqualTo(1);
        assertThat(data.has(Http2Flags.END_STREAM)).isTrue();
        assertThat(client.closesConnection()).isTrue();
        stopping.join();
    }
}
