package io.windhover.server;

import static io.windhover.server.Wire.bytes;
import static io.windhover.server.Wire.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ambiguous and malformed requests of the kinds request smuggling is built from, each over a real
 * socket with its exact answer: the status, {@code Connection: close}, the connection closed, one
 * answer only, and nothing of it — nor of a request hidden behind it — served by the handler.
 * Written from RFC 9112 (§2.2 line endings, §3 request line, §5 field syntax, §6 framing, §7
 * chunked coding) and the public research on desynchronising HTTP/1.1 parsers.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1SmugglingTest {

    /** A request that, if a proxy read it differently, would hide in the bytes after a refused one. */
    private static final String HIDDEN = "GET /hidden HTTP/1.1\r\nHost: a\r\n\r\n";

    @Parameter
    Scheduling scheduling;

    private WindhoverServer server;
    private int port;
    private final List<String> served = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .scheduling(scheduling)
                .urls("http://127.0.0.1:0")
                .shutdownTimeout(Duration.ofSeconds(2))
                .application(context -> {
                    String request = context.request().method() + " " + context.request().path();
                    try {
                        byte[] body = context.request().body().readAllBytes();
                        served.add(request + " " + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        served.add(request + " (its body was refused)");
                        throw e;
                    }
                    context.response().body().write(bytes("ok"));
                })
                .build();
        server.start();
        port = Wire.port(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String transcript(String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes(request));
            return readToEnd(socket.getInputStream());
        }
    }

    private static int answers(String transcript) {
        return transcript.split("HTTP/1\\.1 \\d{3} ", -1).length - 1;
    }

    /** Refused from the head: the handler never runs. */
    static Stream<Arguments> refusedHeads() {
        String post = "POST / HTTP/1.1\r\nHost: a\r\n";
        return Stream.of(
                // Content-Length and Transfer-Encoding together (RFC 9112 §6.3), either order.
                Arguments.of("CL then TE", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN, 400),
                Arguments.of("TE then CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 44\r\n\r\n0\r\n\r\n" + HIDDEN, 400),
                // Transfer-Encoding whose final coding is not chunked, or chunked twice, or disguised.
                Arguments.of("TE xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + HIDDEN, 400),
                Arguments.of("TE chunked, identity", post + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE identity", post + "Transfer-Encoding: identity\r\nContent-Length: 3\r\n\r\nabc", 400),
                Arguments.of("TE twice", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE chunked, chunked", post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE quoted", post + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE vertical tab", post + "Transfer-Encoding:\u000bchunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE form feed", post + "Transfer-Encoding: chunked\f\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE folded", post + "Transfer-Encoding: x\r\n chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE gzip, chunked (not implemented)", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
                Arguments.of("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                // Whitespace between a field name and its colon (RFC 9112 §5.1: MUST reject).
                Arguments.of("space before colon", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + HIDDEN, 400),
                Arguments.of("tab before colon", post + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("space before colon, CL", post + "Content-Length : 0\r\n\r\n", 400),
                // Content-Length repeated, listed, signed, spaced, hex, overflowing, empty.
                Arguments.of("two CL, different", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
                Arguments.of("two CL, same", post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400),
                Arguments.of("CL list", post + "Content-Length: 5, 5\r\n\r\nhello", 400),
                Arguments.of("CL plus", post + "Content-Length: +5\r\n\r\nhello", 400),
                Arguments.of("CL minus", post + "Content-Length: -5\r\n\r\nhello", 400),
                Arguments.of("CL inner space", post + "Content-Length: 1 0\r\n\r\n0123456789", 400),
                Arguments.of("CL hex", post + "Content-Length: 0x5\r\n\r\nhello", 400),
                Arguments.of("CL overflow", post + "Content-Length: 99999999999999999999999\r\n\r\n", 400),
                Arguments.of("CL empty", post + "Content-Length:\r\n\r\n", 400),
                // Line endings and bytes a lenient parser reads differently (RFC 9112 §2.2, §5.5).
                Arguments.of("bare LF line endings", "GET / HTTP/1.1\nHost: a\n\n", 400),
                Arguments.of("bare LF after a field", "GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n", 400),
                Arguments.of("bare CR in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),
                Arguments.of("bare CR ending the head", "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n", 400),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400),
                Arguments.of("first field indented", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
                Arguments.of("NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n", 400),
                Arguments.of("NUL in a name", "GET / HTTP/1.1\r\nHost: a\r\nX\u0000Y: b\r\n\r\n", 400),
                Arguments.of("control byte in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n", 400),
                Arguments.of("DEL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n", 400),
                Arguments.of("space in a name", "GET / HTTP/1.1\r\nHost: a\r\nX Y: b\r\n\r\n", 400),
                Arguments.of("no colon", "GET / HTTP/1.1\r\nHost: a\r\nXY\r\n\r\n", 400),
                Arguments.of("empty name", "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", 400),
                // Host (RFC 9112 §3.2).
                Arguments.of("absolute-form host differs", "GET http://evil.test/ HTTP/1.1\r\nHost: good.test\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("no Host", "GET / HTTP/1.1\r\n\r\n", 400),
                // The request line (RFC 9112 §3).
                Arguments.of("HTTP/0.9 line", "GET /\r\n\r\n", 400),
                Arguments.of("two spaces", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("tab separator", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("control byte in the target", "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("asterisk for GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("origin form for CONNECT", "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("HTTP/2.0 in a line", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                Arguments.of("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505));
    }

    /** Refused while the body is read: the handler sees the head, its read fails, nothing after it is served. */
    static Stream<Arguments> refusedBodies() {
        String chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        return Stream.of(
                Arguments.of("chunk size with plus", chunked + "+5\r\nhello\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("chunk size with minus", chunked + "-5\r\nhello\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("chunk size 0x", chunked + "0x5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size after a space", chunked + " 5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size overflowing", chunked + "fffffffffffffffff1\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size line ending in bare LF", chunked + "5\nhello\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("chunk extension ending in bare LF", chunked + "5;x\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk extension with an unclosed quote", chunked + "5;x=\"a\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk extension with a bare CR", chunked + "5;x=a\rb\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk data longer than its size", chunked + "5\r\nhelloX\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("chunk data shorter than its size", chunked + "6\r\nhello\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("a request where the trailers should be", chunked + "0\r\n" + HIDDEN));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refusedHeads")
    void refusesAnAmbiguousOrMalformedHeadAndClosesWithoutServingIt(String name, String request, int status) throws IOException {
        String transcript = transcript(request);
        assertThat(transcript).as(name).startsWith("HTTP/1.1 " + status + " ").contains("\r\nConnection: close\r\n");
        assertThat(answers(transcript)).as("one answer, then the close").isEqualTo(1);
        assertThat(served).as("nothing reached the handler").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void refusesAMalformedChunkedBodyAndClosesWithoutServingWhatFollows(String name, String request) throws IOException {
        String transcript = transcript(request);
        assertThat(transcript).as(name).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\r\nConnection: close\r\n");
        assertThat(answers(transcript)).isEqualTo(1);
        assertThat(served).as("only the refused read").containsExactly("POST / (its body was refused)");
    }

    @Test
    void servesARequestHiddenInABodyAsBodyOnly() throws IOException {
        String transcript = transcript("POST /post HTTP/1.1\r\nHost: a\r\nContent-Length: " + HIDDEN.length() + "\r\n\r\n" + HIDDEN
                + "POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(HIDDEN.length()) + "\r\n" + HIDDEN + "\r\n0\r\n\r\n"
                + "GET /after HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(answers(transcript)).isEqualTo(3);
        assertThat(served).containsExactly("POST /post " + HIDDEN, "POST /chunked " + HIDDEN, "GET /after ");
    }

    @Test
    void acceptsWhatTheRfcAllowsAroundTheFraming() throws IOException {
        // Tabs as optional whitespace, codings in any case, a trailing empty list element, and
        // Content-Length with whitespace around it: all well-formed (RFC 9110 §5.6, RFC 9112 §6).
        String transcript = transcript("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tCHUNKED\t\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked,\r\n\r\n3\r\ndef\r\n0\r\n\r\n"
                + "POST /c HTTP/1.1\r\nHost: a\r\nContent-Length:  3 \r\nConnection: close\r\n\r\nghi");
        assertThat(answers(transcript)).isEqualTo(3);
        assertThat(served).containsExactly("POST /a abc", "POST /b def", "POST /c ghi");
    }
}
