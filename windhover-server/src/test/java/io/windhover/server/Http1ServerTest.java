package io.windhover.server;

import static io.windhover.server.Wire.bytes;
import static io.windhover.server.Wire.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import io.windhover.buffers.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP/1.1 server over real loopback sockets: wire transcripts for framing, keep-alive,
 * pipelining, limits and errors, and the JDK's HttpClient as a real client.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1ServerTest {

    @Parameter
    Scheduling scheduling;

    private WindhoverServer server;
    private int port;
    private final java.util.concurrent.atomic.AtomicInteger bigResponses = new java.util.concurrent.atomic.AtomicInteger();
    /** The threads /which-thread ran on, in order. */
    private final java.util.concurrent.BlockingQueue<Thread> handlerThreads = new java.util.concurrent.LinkedBlockingQueue<>();
    /** The threads /thread ran on, in order. */
    private final java.util.concurrent.BlockingQueue<Thread> threadsOfThread = new java.util.concurrent.LinkedBlockingQueue<>();
    /** A permit per /thread handler that has begun. */
    private final java.util.concurrent.Semaphore threadHandlers = new java.util.concurrent.Semaphore(0);

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .scheduling(scheduling)
                .urls("http://127.0.0.1:0")
                .shutdownTimeout(Duration.ofSeconds(2))
                .application(context -> {
                    var request = context.request();
                    var response = context.response();
                    switch (request.path()) {
                        case "/hello" -> {
                            response.headers().set("Content-Type", "text/plain");
                            response.body().write(bytes("Hello, World!"));
                        }
                        case "/echo" -> {
                            byte[] body = request.body().readAllBytes();
                            response.headers().set("X-Trailers", request.trailers().toString().strip());
                            response.body().write(body);
                        }
                        case "/stream" -> {
                            response.body().write(bytes("part one, "));
                            response.body().flush(); // started before the end: chunked
                            response.body().write(bytes("part two"));
                        }
                        case "/count" -> response.body().write(bytes(Long.toString(request.body().transferTo(OutputStream.nullOutputStream()))));
                        case "/upgrade" -> {
                            if (!context.isUpgradeRequest()) {
                                response.status(426);
                                return;
                            }
                            response.headers().set("Upgrade", "echo");
                            var raw = context.upgrade();
                            byte[] chunk = new byte[1024];
                            for (int n; (n = raw.input().read(chunk)) >= 0; ) {
                                raw.output().write(chunk, 0, n);
                                raw.output().flush();
                            }
                        }
                        case "/empty" -> response.status(204);
                        case "/lines" -> {
                            // A line counter written against pipes: it keeps a partial line unconsumed
                            // until the rest arrives, as parsers do.
                            int first = request.query().equals("?stream-first") ? request.body().read() : -1;
                            PipeReader reader = request.bodyReader();
                            int lines = 0;
                            long bytes = first < 0 ? 0 : 1;
                            while (true) {
                                ReadResult result = reader.read();
                                BufferSequence buffer = result.buffer();
                                long position = buffer.start();
                                for (long lf; (lf = buffer.indexOf((byte) '\n', position)) >= 0; position = lf + 1) {
                                    lines++;
                                }
                                if (result.isCompleted()) {
                                    lines += position < buffer.end() ? 1 : 0;
                                    bytes += buffer.end() - buffer.start();
                                    reader.advanceTo(buffer.end());
                                    break;
                                }
                                bytes += position - buffer.start();
                                reader.advanceTo(position, buffer.end());
                            }
                            reader.complete();
                            PipeWriter writer = response.bodyWriter();
                            byte[] text = bytes((first < 0 ? "" : (char) first + " then ") + lines + " lines, " + bytes + " bytes");
                            ByteBuffer memory = writer.getMemory(text.length);
                            memory.put(text);
                            writer.advance(text.length);
                            if (request.query().equals("?flush")) {
                                writer.flush(); // started before the end: chunked
                            }
                            writer.complete();
                        }
                        case "/writer-fails" -> {
                            response.bodyWriter().write(bytes("some"));
                            response.bodyWriter().complete(new IllegalStateException("producer failed"));
                        }
                        case "/small-uploads" -> {
                            request.maxBodySize(10);
                            response.body().write(request.body().readAllBytes());
                        }
                        case "/late-limit" -> {
                            int first = request.body().read();
                            try {
                                request.maxBodySize(1_000);
                                response.status(500);
                            } catch (IllegalStateException expected) {
                                response.body().write(bytes((char) first + " then " + expected.getMessage()));
                            }
                        }
                        case "/which-thread" -> {
                            handlerThreads.add(Thread.currentThread());
                            response.body().write(bytes("ok"));
                        }
                        case "/thread" -> {
                            threadsOfThread.add(Thread.currentThread());
                            threadHandlers.release(); // the head is parsed: the test may send the rest
                            response.body().write(bytes(Thread.currentThread().getName() + " read "
                                    + request.body().readAllBytes().length));
                        }
                        case "/huge" -> {
                            byte[] chunk = new byte[64 * 1024];
                            for (int i = 0; i < 320; i++) {
                                response.body().write(chunk);
                            }
                        }
                        case "/big" -> {
                            bigResponses.incrementAndGet();
                            response.body().write(new byte[100_000]);
                        }
                        case "/trailers" -> {
                            response.body().write(bytes("body"));
                            response.trailers().add("X-Checksum", "abc");
                        }
                        case "/ignore-body" -> response.body().write(bytes("ignored"));
                        case "/fail" -> throw new IllegalStateException("handler bug");
                        case "/fail-late" -> {
                            response.body().write(bytes("partial"));
                            response.body().flush();
                            throw new IllegalStateException("handler bug after start");
                        }
                        default -> response.status(404);
                    }
                })
                .build();
        server.start();
        port = Wire.port(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends raw bytes and reads until the server closes the connection. */
    private String transcript(String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes(request));
            return readToEnd(socket.getInputStream());
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void servesTheJdkHttpClient() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("Hello, World!");
            assertThat(response.headers().firstValue("content-length")).hasValue("13");
            assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(response.headers().firstValue("server")).hasValue("Windhover");
            assertThat(response.headers().firstValue("date")).isPresent();

            byte[] upload = new byte[3 * 1024 * 1024];
            new java.util.Random(5).nextBytes(upload);
            HttpResponse<byte[]> echoed = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(echoed.statusCode()).isEqualTo(200);
            assertThat(echoed.body()).isEqualTo(upload);

            HttpResponse<String> streamed = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stream")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(streamed.body()).isEqualTo("part one, part two");
            assertThat(streamed.headers().firstValue("transfer-encoding")).hasValue("chunked");
        }
    }

    @Test
    void answersPipelinedRequestsInOrderAndClosesWhenAsked() throws IOException {
        String response = transcript("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /missing HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(count(response, "HTTP/1.1 ")).isEqualTo(3);
        assertThat(response.indexOf("200 OK")).isLessThan(response.indexOf("404 Not Found"));
        assertThat(response.lastIndexOf("200 OK")).isGreaterThan(response.indexOf("404 Not Found"));
        assertThat(response).endsWith("Connection: close\r\n\r\nHello, World!");
    }

    /** Polls {@code counter} until it has not moved for 100 ms (at most 10 s), and returns it. */
    private static int settled(java.util.concurrent.atomic.AtomicInteger counter) throws InterruptedException {
        int last = -1;
        for (int stable = 0, i = 0; stable < 5 && i < 500; i++) {
            Thread.sleep(20);
            int now = counter.get();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    @Test
    void runsABufferedRequestInlineAndOneWhoseBodyIsOnItsWayOnAVirtualThread() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(bytes("POST /thread HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nwhole"));
            String whole = Wire.readResponse(in);
            threadHandlers.acquire();
            out.write(bytes("POST /thread HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nha"));
            out.flush();
            // The handler has begun with the body incomplete before the rest comes.
            assertThat(threadHandlers.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            out.write(bytes("lf!"));
            String split = Wire.readResponse(in);
            // Bytes that arrive while the virtual thread is still finishing are served by it (which is
            // right); once it has handed the connection back and ended, the I/O loop serves the next.
            threadsOfThread.take(); // the first request's
            Thread waiting = threadsOfThread.take();
            waiting.join(Duration.ofSeconds(10));
            assertThat(waiting.isAlive()).as("the thread of the request that waited for its body").isFalse();
            out.write(bytes("GET /thread HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
            String after = readToEnd(in);
            if (scheduling == Scheduling.INLINE) {
                assertThat(whole).containsPattern("\r\n\r\nwindhover-io-\\d+ read 5$");
                assertThat(split).endsWith("read 5").contains("\r\n\r\nwindhover-request-");
                assertThat(after).as("back to the I/O loop after the waiting request")
                        .containsPattern("\r\n\r\nwindhover-io-\\d+ read 0$");
            } else {
                // Every wake-up of the connection runs on a virtual thread started for it.
                assertThat(whole).endsWith("\r\n\r\nwindhover-http1 read 5");
                assertThat(split).endsWith("\r\n\r\nwindhover-http1 read 5");
                assertThat(after).endsWith("\r\n\r\nwindhover-http1 read 0");
            }
        }
    }

    @Test
    void aKeepAliveConnectionBetweenRequestsHoldsNoThreadUnderTheDefaultScheduling() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(scheduling == Scheduling.VIRTUAL_THREAD, "inline runs on the I/O loop");
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes("GET /which-thread HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("\r\n\r\nok");
            Thread first = handlerThreads.take();
            assertThat(first.isVirtual()).isTrue();
            // The connection stays open and waits for its next request: the thread that served it ends.
            first.join(Duration.ofSeconds(10));
            assertThat(first.isAlive()).as("the first request's thread, with the connection idle").isFalse();
            out.write(bytes("GET /which-thread HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("\r\n\r\nok");
            assertThat(handlerThreads.take()).as("the next request's thread").isNotSameAs(first);
        }
    }

    @Test
    void stopsTakingPipelinedRequestsWhileThePeerDoesNotReadTheirResponses() throws Exception {
        int requests = 300; // 30 MB of responses: far more than the socket buffers and the write buffer
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.setReceiveBufferSize(64 * 1024);
            var writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(bytes("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".repeat(requests - 1)
                            + "GET /big HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int servedWhileNotReading = settled(bigResponses);
            assertThat(servedWhileNotReading).as("responses produced while the peer read nothing")
                    .isGreaterThan(0).isLessThan(requests / 3);

            long received = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            writer.join();
            assertThat(bigResponses.get()).isEqualTo(requests);
            assertThat(received).isGreaterThan(requests * 100_000L);
        }
    }

    @Test
    void failsAnInlineResponseThatOutgrowsItsHoldLimitAndServesOthers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(scheduling == Scheduling.INLINE, "a thread of its own waits instead");
        try (var socket = new Socket()) {
            socket.setReceiveBufferSize(32 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("GET /huge HTTP/1.1\r\nHost: a\r\n\r\n"));
            // Not reading: the socket buffers fill, then the output pipe, until the hold limit ends it.
            for (int i = 0; i < 1_000 && (server.statistics().acceptedConnections() == 0
                    || server.statistics().openConnections() > 0); i++) {
                Thread.sleep(10); // polling the host's counts
            }
            long received = 0;
            try {
                received = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (java.net.SocketException reset) {
                // aborted: what matters is that the 20 MiB never all came
            }
            assertThat(received).isLessThan(320 * 64 * 1024L);
        }
        assertThat(transcript("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).endsWith("Hello, World!");
    }

    @Test
    void servesBodiesThroughPipesAsThroughStreams() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Split mid-line across two writes, with the next request right behind the body.
            out.write(bytes("POST /lines HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\none\ntw"));
            out.flush();
            Thread.sleep(50);
            out.write(bytes("o\nthree" + "POST /lines?flush HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\na\nb\r\n4\r\n\nc\nd\r\n0\r\n\r\n"));
            assertThat(Wire.readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n3 lines, 10 bytes");
            String chunked = Wire.readChunkedResponse(in);
            assertThat(chunked).contains("Transfer-Encoding: chunked\r\n").endsWith("\r\n\r\n4 lines, 7 bytes");
            out.write(bytes("POST /lines?stream-first HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nConnection: close\r\n\r\nxy\nz\n!"));
            assertThat(readToEnd(in)).as("the stream's byte is not seen again by the reader").endsWith("\r\n\r\nx then 3 lines, 6 bytes");
        }
    }

    @Test
    void abortsAResponseWhoseWriterCompletesWithAnError() throws IOException {
        assertThat(transcript("GET /writer-fails HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .as("nothing was sent yet: 500").startsWith("HTTP/1.1 500 Internal Server Error\r\n").doesNotContain("some");
    }

    @Test
    void decodesAChunkedRequestWithTrailers() throws IOException {
        String response = transcript("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Sum: 9\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("X-Trailers: X-Sum: 9\r\n")
                .contains("Content-Length: 9\r\n")
                .endsWith("\r\n\r\nWikipedia");
    }

    @Test
    void sendsTrailersAfterAChunkedBody() throws IOException {
        String response = transcript("GET /trailers HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("Transfer-Encoding: chunked\r\n").doesNotContain("Content-Length")
                .endsWith("\r\n\r\n4\r\nbody\r\n0\r\nX-Checksum: abc\r\n\r\n");
    }

    @Test
    void switchesProtocolsAndHandsOverTheRawConnection() throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("GET /upgrade HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nping"));
            socket.shutdownOutput();
            String response = readToEnd(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("Upgrade: echo\r\n").contains("Connection: Upgrade\r\n")
                    .endsWith("\r\n\r\nping");
        }
        assertThat(transcript("GET /upgrade HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 426 Upgrade Required\r\n");
    }

    @Test
    void sendsNoBodyForHeadAnd204() throws IOException {
        String head = transcript("HEAD /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(head).contains("Content-Length: 13\r\n").endsWith("\r\n\r\n");
        String streamedHead = transcript("HEAD /stream HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(streamedHead).as("no chunk, not even the last one").contains("Transfer-Encoding: chunked\r\n")
                .endsWith("Connection: close\r\n\r\n");
        String empty = transcript("GET /empty HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(empty).startsWith("HTTP/1.1 204 No Content\r\n").doesNotContain("Content-Length").endsWith("\r\n\r\n");
    }

    @Test
    void keepsHttp10ConnectionsOnlyWhenAsked() throws IOException {
        String plain = transcript("GET /hello HTTP/1.0\r\n\r\n");
        assertThat(plain).contains("Connection: close\r\n").endsWith("Hello, World!");
        String kept = transcript("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /hello HTTP/1.0\r\n\r\n");
        assertThat(count(kept, "HTTP/1.1 200 OK")).isEqualTo(2);
        assertThat(kept).contains("Connection: keep-alive\r\n");
    }

    @Test
    void skipsAnUnreadBodyAndServesTheNextRequest() throws IOException {
        String body = "x".repeat(10_000);
        String response = transcript("POST /ignore-body HTTP/1.1\r\nHost: a\r\nContent-Length: 10000\r\n\r\n" + body
                + "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(count(response, "HTTP/1.1 200 OK")).isEqualTo(2);
        assertThat(response).endsWith("Hello, World!");
    }

    @Test
    void answersAHandlerFailureWith500AndKeepsServing() throws IOException {
        String response = transcript("GET /fail HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n");
        assertThat(response).endsWith("Hello, World!");
        String late = transcript("GET /fail-late HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(late).as("started, then aborted: no last chunk").startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Transfer-Encoding: chunked\r\n").contains("partial").doesNotContain("0\r\n\r\n");
    }

    @Test
    void refusesAmbiguousFramingWith400AndCloses() throws IOException {
        String response = transcript("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n")
                .contains("Connection: close\r\n")
                .doesNotContain("Hello");
        assertThat(transcript("GET /hello HTTP/1.1\r\n\r\n")).as("no Host").startsWith("HTTP/1.1 400 ");
        assertThat(transcript("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).as("two Hosts").startsWith("HTTP/1.1 400 ");
        assertThat(transcript("GET /hello HTTP/2.0\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n");
    }

    @Test
    void refusesAHostThatContradictsAnAbsoluteTarget() throws IOException {
        assertThat(transcript("GET http://a/hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(transcript("GET http://evil.test/hello HTTP/1.1\r\nHost: a\r\n\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    @Test
    void sendsContinueOnlyWhenTheHandlerReadsTheBody() throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(bytes("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\n"));
            byte[] interim = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertThat(new String(interim, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            out.write(bytes("ping"));
            assertThat(readToEnd(in)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("ping");
        }
        String unread = transcript("POST /hello HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        assertThat(unread).as("never read: no 100, answer, close").startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("100 Continue");
    }

    @Test
    void refusesAChunkedBodyThatGrowsPastTheLimitWhileStreaming() throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"));
            byte[] chunk = new byte[1 << 20];
            byte[] size = bytes(Integer.toHexString(chunk.length) + "\r\n");
            String response;
            var reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return readToEnd(socket.getInputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                for (int i = 0; i < 40 && !reading.isDone(); i++) { // 40 MiB, past the 30,000,000-byte limit
                    out.write(size);
                    out.write(chunk);
                    out.write(bytes("\r\n"));
                }
            } catch (IOException closedByServer) {
                // expected once the server has answered and closed
            }
            response = reading.join();
            assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("Connection: close\r\n");
        }
    }

    @Test
    void letsAHandlerChangeItsRequestsBodyLimitBeforeReading() throws IOException {
        assertThat(transcript("POST /small-uploads HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789"))
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n0123456789");
        assertThat(transcript("POST /small-uploads HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n0123456789A"))
                .startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("Connection: close\r\n");
        assertThat(transcript("POST /small-uploads HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n012345\r\n5\r\n6789A\r\n0\r\n\r\n"))
                .as("chunked: 11 bytes, one over").startsWith("HTTP/1.1 413 Content Too Large\r\n");
        // Expect: 100-continue with a length over the limit: 413 at once, never 100 Continue.
        assertThat(transcript("POST /small-uploads HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n"))
                .startsWith("HTTP/1.1 413 Content Too Large\r\n");
        assertThat(transcript("POST /late-limit HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nConnection: close\r\n\r\nxy"))
                .endsWith("\r\n\r\nx then the request body is being read; its size limit can no longer change");
    }

    @Test
    void enforcesTheRequestLineLimitToTheByte() throws IOException {
        // 8 KiB including the CRLF: the target is padded so the line is exactly at the limit, then one over.
        String prefix = "GET /";
        String suffix = " HTTP/1.1\r\n";
        String atLimit = prefix + "a".repeat(8192 - prefix.length() - suffix.length()) + suffix;
        assertThat(atLimit).hasSize(8192);
        assertThat(transcript(atLimit + "Host: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 404 Not Found\r\n");
        String overLimit = prefix + "a".repeat(8193 - prefix.length() - suffix.length()) + suffix;
        assertThat(transcript(overLimit + "Host: a\r\n\r\n")).startsWith("HTTP/1.1 414 URI Too Long\r\n");
    }

    @Test
    void enforcesTheHeaderLimitsToTheByteAndTheField() throws IOException {
        String line = "GET /hello HTTP/1.1\r\n";
        // 32 KiB of header block, final CRLF included.
        String fixed = "Host: a\r\nConnection: close\r\nX: ";
        String atLimit = fixed + "v".repeat(32 * 1024 - fixed.length() - 4) + "\r\n\r\n";
        assertThat(atLimit).hasSize(32 * 1024);
        assertThat(transcript(line + atLimit)).startsWith("HTTP/1.1 200 OK\r\n");
        String overLimit = fixed + "v".repeat(32 * 1024 - fixed.length() - 3) + "\r\n\r\n";
        assertThat(transcript(line + overLimit)).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");

        String ninetyEight = String.join("", Collections.nCopies(98, "X: y\r\n"));
        assertThat(transcript(line + "Host: a\r\nConnection: close\r\n" + ninetyEight + "\r\n")).as("100 fields")
                .startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(transcript(line + "Host: a\r\nConnection: close\r\n" + ninetyEight + "X: z\r\n\r\n")).as("101 fields")
                .startsWith("HTTP/1.1 431 ");
    }

    @Test
    void refusesABodyOverTheLimitFromItsContentLength() throws IOException {
        String response = transcript("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 30000001\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("Connection: close\r\n");
        try (var socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 30000000\r\nConnection: close\r\n\r\n"));
            out.write(new byte[30_000_000]);
            String atLimit = readToEnd(socket.getInputStream());
            assertThat(atLimit).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n30000000");
        }
    }
}
