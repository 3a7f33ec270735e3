package io.windhover.server;

import static io.windhover.server.Wire.bytes;
import static io.windhover.server.Wire.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.transport.nio.NioTransport;
import io.windhover.transport.nio.NioTransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults, over real sockets on the diagnostic pool: a client that resets or half-closes, a handler
 * that throws, never completes, writes after its response ended or writes more or fewer bytes than
 * its Content-Length, a request body shorter or longer than its Content-Length. Each test shows
 * the exact wire outcome, the one log line an operator gets, that the next client on a new
 * connection is served, and (after each test) that every block went back to the pool.
 *
 * <p>A request whose handler must wait (for a latch, or while it streams to a client that is about
 * to reset) declares a body it has not sent yet: with {@link Scheduling#INLINE} that puts it on a
 * thread of its own, as in {@link Scheduling#VIRTUAL_THREAD}; an inline handler that blocked would
 * hold its I/O loop, which {@code INLINE} forbids.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1FaultsTest {

    private static final String BAD_REQUESTS = "io.windhover.server.http1.BadRequests";
    private static final String EXCHANGE = "io.windhover.server.http1.Http1Exchange";
    private static final String HOST = "io.windhover.server.host.ConnectionHost";
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(300);
    private static final String HELLO = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nDate: (date)\r\nServer: Windhover\r\n"
            + "Connection: close\r\n\r\nHello, World!";

    @Parameter
    Scheduling scheduling;

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final NioTransport transport = new NioTransport(pool, NioTransportOptions.builder().ioLoops(1).build());
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch handlerDone = new CountDownLatch(1);
    private final AtomicReference<Throwable> handlerSaw = new AtomicReference<>();
    private WindhoverServer server;
    private int port;
    private LogCapture log;

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .transport(transport)
                .scheduling(scheduling)
                .urls("http://127.0.0.1:0")
                .shutdownTimeout(SHUTDOWN_TIMEOUT)
                .application(context -> {
                    var request = context.request();
                    var response = context.response();
                    switch (request.path()) {
                        case "/hello" -> response.body().write(bytes("Hello, World!"));
                        case "/echo" -> response.body().write(request.body().readAllBytes());
                        case "/throw" -> throw new IllegalStateException("handler bug in /throw");
                        case "/write-after-end" -> {
                            response.body().write(bytes("complete"));
                            response.body().close(); // the response ends here
                            try {
                                response.body().write(bytes(" and more"));
                            } catch (IOException refused) {
                                handlerSaw.set(refused);
                            }
                        }
                        case "/throw-after-start" -> {
                            response.body().write(bytes("part"));
                            response.body().flush();
                            throw new IllegalStateException("handler bug in /throw-after-start");
                        }
                        case "/upload" -> {
                            byte[] first = new byte[5];
                            int n = request.body().read(first);
                            entered.countDown();
                            try {
                                request.body().readAllBytes();
                            } catch (IOException e) {
                                handlerSaw.set(e);
                                throw e;
                            } finally {
                                handlerDone.countDown();
                            }
                            response.body().write(bytes("read " + n));
                        }
                        case "/download" -> {
                            try {
                                byte[] chunk = new byte[16 * 1024];
                                while (true) {
                                    response.body().write(chunk);
                                    response.body().flush();
                                }
                            } catch (IOException e) {
                                handlerSaw.set(e);
                                throw e;
                            } finally {
                                handlerDone.countDown();
                            }
                        }
                        case "/hang" -> {
                            entered.countDown();
                            try {
                                release.await(); // "never", as far as the server can tell
                                // A flush that need not wait may land in the pipe before the abort
                                // fails it: the abort is the transport's to carry out, on its thread.
                                for (int i = 0; i < 10_000; i++) {
                                    response.body().write(bytes("too late"));
                                    response.body().flush();
                                    Thread.onSpinWait();
                                }
                            } catch (IOException e) {
                                handlerSaw.set(e);
                                throw e;
                            } finally {
                                handlerDone.countDown();
                            }
                        }
                        case "/too-few" -> {
                            response.headers().set("Content-Length", "10");
                            response.body().write(bytes("12345"));
                            if (request.query().equals("?flush")) {
                                response.body().flush();
                            }
                        }
                        case "/too-many" -> {
                            response.headers().set("Content-Length", "10");
                            try {
                                if (request.query().equals("?flush")) {
                                    response.body().write(bytes("12345"));
                                    response.body().flush();
                                    response.body().write(bytes("678901234567890"));
                                } else {
                                    response.body().write(bytes("12345678901234567890"));
                                }
                            } catch (RuntimeException e) {
                                handlerSaw.set(e);
                                throw e;
                            }
                        }
                        default -> response.status(404);
                    }
                })
                .build();
        server.start();
        port = Wire.port(server);
        log = new LogCapture();
    }

    @AfterEach
    void stop() throws InterruptedException {
        log.close();
        release.countDown();
        server.close();
        transport.close();
        // Inline, a request moved to a virtual thread completes its pipes there, perhaps just after
        // the stop saw its socket close.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.rentedBlocks() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        pool.close(); // throws if a block is still rented
    }

    // ---- the handler ----

    @Test
    void refusesAWriteAfterTheHandlerEndedItsResponseAndKeepsTheConnection() throws Exception {
        String response = transcript("GET /write-after-end HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response).as("the ended response untouched, the next one served").startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\r\n\r\ncomplete" + "HTTP/1.1 200 OK\r\n").doesNotContain("and more").endsWith(HELLO);
        assertThat(handlerSaw.get()).isInstanceOf(IOException.class).hasMessage("the response has ended");
        assertNextClientServed();
    }

    @Test
    void answersAHandlerThatThrowsWith500AndServesTheNextRequestOnTheSameConnection() throws Exception {
        String response = transcript("GET /throw HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response).isEqualTo("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nDate: (date)\r\n"
                + "Server: Windhover\r\n\r\n" + HELLO);
        assertThat(awaitLines(EXCHANGE, "unhandled exception")).singleElement().asString()
                .contains(" ERROR " + EXCHANGE + " - connection ")
                .contains(": unhandled exception in the application for GET /throw");
        assertThat(log.linesContaining("java.lang.IllegalStateException: handler bug in /throw")).hasSize(1);
        assertNextClientServed();
    }

    @Test
    void abortsAResponseWhoseHandlerThrowsAfterItStarted() throws Exception {
        String response = transcript("GET /throw-after-start HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(response).as("the head and the chunk sent, then the connection ends: no last chunk")
                .isEqualTo("HTTP/1.1 200 OK\r\nDate: (date)\r\nServer: Windhover\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4\r\npart\r\n");
        assertThat(awaitLines(EXCHANGE, "after the response started")).singleElement().asString()
                .contains(" WARN " + EXCHANGE + " - connection ")
                .contains(": the handler failed after the response started; aborting");
        assertThat(log.linesContaining("java.lang.IllegalStateException: handler bug in /throw-after-start")).hasSize(1);
        assertNextClientServed();
    }

    @Test
    void keepsAHandlerThatNeverCompletesWhileOthersAreServedUntilTheShutdownTimeoutAbortsIt() throws Exception {
        try (Socket hanging = connect()) {
            hanging.getOutputStream().write(bytes("POST /hang HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n"));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertNextClientServed();
            assertNextClientServed();
            Thread stopping = Thread.ofVirtual().start(server::close);
            assertThat(readToEnd(hanging.getInputStream())).as("nothing was sent: the abort ends it").isEmpty();
            assertThat(awaitLines(HOST, "shutdown timeout")).singleElement().asString()
                    .contains(" WARN " + HOST + " - 1 connection(s) did not finish within the "
                            + SHUTDOWN_TIMEOUT.toMillis() + " ms shutdown timeout; aborting them");
            release.countDown(); // the handler gives up at last: its write meets the abort
            assertThat(handlerDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(handlerSaw.get()).isInstanceOf(IOException.class);
            stopping.join();
        }
        assertThat(server.statistics().openConnections()).isZero();
        assertThat(log.linesContaining(" ERROR ")).isEmpty();
        assertThat(log.linesOf(BAD_REQUESTS)).as("not the client's doing").isEmpty();
    }

    // ---- the response's Content-Length ----

    @Test
    void answers500WhenTheHandlerWritesFewerBytesThanItsContentLengthAndNoneWereSent() throws Exception {
        String response = transcript("GET /too-few HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response).as("nothing was sent: a 500, and the connection stays")
                .isEqualTo("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nDate: (date)\r\n"
                        + "Server: Windhover\r\n\r\n" + HELLO);
        assertThat(awaitLines(EXCHANGE, "unhandled exception")).singleElement().asString()
                .contains(" ERROR " + EXCHANGE + " - connection ").contains(" for GET /too-few");
        assertThat(log.linesContaining(
                "java.lang.IllegalStateException: response Content-Length mismatch: too few bytes written (5 of 10)")).hasSize(1);
        assertNextClientServed();
    }

    @Test
    void abortsAStartedResponseThatEndsWithFewerBytesThanItsContentLength() throws Exception {
        String response = transcript("GET /too-few?flush HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(response).as("5 of the 10 bytes, then the connection ends: the client sees it cut short")
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nDate: (date)\r\nServer: Windhover\r\n\r\n12345");
        assertThat(awaitLines(EXCHANGE, "after the response started")).singleElement().asString()
                .contains(" WARN " + EXCHANGE + " - connection ");
        assertThat(log.linesContaining(
                "java.lang.IllegalStateException: response Content-Length mismatch: too few bytes written (5 of 10)")).hasSize(1);
        assertNextClientServed();
    }

    @Test
    void refusesTheWriteThatTakesTheBodyPastItsContentLengthAndAnswers500() throws Exception {
        String response = transcript("GET /too-many HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(handlerSaw.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("response Content-Length mismatch: too many bytes written (20 of 10)");
        assertThat(response).isEqualTo("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nDate: (date)\r\n"
                + "Server: Windhover\r\nConnection: close\r\n\r\n");
        assertThat(awaitLines(EXCHANGE, "unhandled exception")).singleElement().asString()
                .contains(" ERROR " + EXCHANGE + " - connection ").contains(" for GET /too-many");
        assertNextClientServed();
    }

    @Test
    void refusesTheWriteThatTakesAStartedBodyPastItsContentLengthAndAborts() throws Exception {
        String response = transcript("GET /too-many?flush HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(handlerSaw.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("response Content-Length mismatch: too many bytes written (20 of 10)");
        assertThat(response).as("what was within the length, then the connection ends")
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nDate: (date)\r\nServer: Windhover\r\n\r\n12345");
        assertThat(awaitLines(EXCHANGE, "after the response started")).singleElement().asString()
                .contains(" WARN " + EXCHANGE + " - connection ");
        assertNextClientServed();
    }

    // ---- the request's Content-Length ----

    @Test
    void answers400WhenTheClientHalfClosesBeforeTheBodyReachesItsContentLength() throws Exception {
        String response;
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345"));
            socket.shutdownOutput();
            response = withoutDate(readToEnd(socket.getInputStream()));
        }
        assertThat(response).isEqualTo("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nDate: (date)\r\n"
                + "Server: Windhover\r\nConnection: close\r\n\r\n");
        assertThat(awaitLines(BAD_REQUESTS, "UNEXPECTED_END_OF_REQUEST")).singleElement().asString()
                .contains(" INFO " + BAD_REQUESTS + " - connection ")
                .contains(": bad request, answered 400 and closed: UNEXPECTED_END_OF_REQUEST");
        assertNextClientServed();
    }

    @Test
    void readsBytesPastTheContentLengthAsTheNextRequest() throws Exception {
        // 5 declared, 17 sent: the 12 after the body are read as the next request, whose method ',' is no token.
        String response = transcript("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello, world\r\n\r\n");
        assertThat(response).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDate: (date)\r\nServer: Windhover\r\n\r\nhello"
                + "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nDate: (date)\r\nServer: Windhover\r\nConnection: close\r\n\r\n");
        assertThat(awaitLines(BAD_REQUESTS, "bad request")).singleElement().asString()
                .contains(" INFO " + BAD_REQUESTS + " - connection ")
                .contains(": bad request, answered 400 and closed: INVALID_METHOD: the method is not a token");
        assertNextClientServed();
    }

    // ---- the client goes away ----

    @Test
    void abandonsTheRequestWhenTheClientResetsInTheMiddleOfItsBody() throws Exception {
        Socket socket = connect();
        socket.getOutputStream().write(bytes("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the handler has read the first half").isTrue();
        reset(socket);
        assertThat(handlerDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handlerSaw.get()).as("the handler's read fails").isInstanceOf(IOException.class);
        assertThat(awaitLines(BAD_REQUESTS, "POST /upload")).singleElement().asString()
                .contains(" INFO " + BAD_REQUESTS + " - connection ")
                .contains(": POST /upload abandoned, the connection was lost while the handler ran: the peer reset the connection");
        assertThat(log.linesContaining(" ERROR ")).isEmpty();
        assertThat(log.linesContaining(" WARN ")).isEmpty();
        assertNextClientServed();
    }

    @Test
    void abandonsTheResponseWhenTheClientResetsInTheMiddleOfIt() throws Exception {
        Socket socket = connect();
        socket.getOutputStream().write(bytes("POST /download HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n"));
        InputStream in = socket.getInputStream();
        String head = new String(in.readNBytes(17), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\n");
        reset(socket);
        assertThat(handlerDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handlerSaw.get()).as("the handler's write fails").isInstanceOf(IOException.class);
        assertThat(awaitLines(BAD_REQUESTS, "POST /download")).singleElement().asString()
                .contains(" INFO " + BAD_REQUESTS + " - connection ")
                .contains(": POST /download abandoned, the connection was lost while the handler ran: the peer");
        assertThat(log.linesContaining(" ERROR ")).isEmpty();
        assertThat(log.linesContaining(" WARN ")).isEmpty();
        assertNextClientServed();
    }

    @Test
    void logsAHeadThatTheClientClosesHalfwayThroughAndClosesWithoutAnAnswer() throws Exception {
        String response;
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes("GET /hello HTTP/1.1\r\nHost: a\r\n"));
            socket.shutdownOutput();
            response = readToEnd(socket.getInputStream());
        }
        assertThat(response).as("closed without an answer").isEmpty();
        assertThat(awaitLines(BAD_REQUESTS, "request head")).singleElement().asString()
                .contains(" INFO " + BAD_REQUESTS + " - connection ")
                .contains(": the client closed the connection in the middle of a request head; closed without an answer");
        assertNextClientServed();
    }

    @Test
    void answersEveryRequestOfAClientThatHalfClosesAfterSendingThem() throws Exception {
        String response;
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"));
            socket.shutdownOutput();
            response = withoutDate(readToEnd(socket.getInputStream()));
        }
        assertThat(response).as("both answered, then the server closes too")
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDate: (date)\r\nServer: Windhover\r\n\r\nhello"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nDate: (date)\r\nServer: Windhover\r\n\r\nHello, World!");
        assertNextClientServed();
        assertThat(log.linesContaining("io.windhover")).as("a half-close after whole requests is a normal end").isEmpty();
    }

    // ---- helpers ----

    private Socket connect() throws IOException {
        var socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Closes with SO_LINGER 0: the peer gets a TCP reset instead of a FIN. */
    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Sends raw bytes and reads until the server ends the connection; the Date field's value masked. */
    private String transcript(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes(request));
            return withoutDate(readToEnd(socket.getInputStream()));
        }
    }

    private static String withoutDate(String transcript) {
        return transcript.replaceAll("\r\nDate: [^\r]*\r\n", "\r\nDate: (date)\r\n");
    }

    /** A new client on a new connection gets its answer. */
    private void assertNextClientServed() throws IOException {
        assertThat(transcript("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).isEqualTo(HELLO);
    }

    /** The lines of {@code logger} containing {@code text}, once there is one: some are logged after the client saw the end. */
    private List<String> awaitLines(String logger, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines;
        while ((lines = log.linesOf(logger).stream().filter(line -> line.contains(text)).toList()).isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return lines;
    }
}
