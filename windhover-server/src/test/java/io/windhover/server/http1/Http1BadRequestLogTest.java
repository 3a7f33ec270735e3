package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import io.windhover.server.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "400, close, one log line naming the reason": every rejected request gets exactly one INFO line
 * on the {@value Http1Log#BAD_REQUESTS} logger, naming the connection, the peer, the status and
 * the reason; a request served gets none.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1BadRequestLogTest {

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        var limits = HttpLimits.defaults().withMaxRequestBodySize(10);
        server = new InMemoryHttpServer(scheduling, limits, context -> context.response().body().write(
                Long.toString(context.request().body().transferTo(OutputStream.nullOutputStream())).getBytes(StandardCharsets.US_ASCII)));
        log = new LogCapture();
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    /** Sends {@code request} and returns the lines the bad-request logger wrote meanwhile. */
    private List<String> linesFor(String request, String expectedStatusLine) throws Exception {
        int before = log.linesOf(Http1Log.BAD_REQUESTS).size();
        assertThat(server.exchange(request)).startsWith(expectedStatusLine);
        List<String> all = log.linesOf(Http1Log.BAD_REQUESTS);
        return all.subList(before, all.size());
    }

    @Test
    void logsOneInfoLinePerRejectedHead() throws Exception {
        String[][] cases = {
            {"GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", "HTTP/1.1 400 ", "INVALID_REQUEST_HEADER"},
            {"GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 414 ", "REQUEST_LINE_TOO_LONG"},
            {"GET / HTTP/1.1\r\nHost: a\r\nX: " + "v".repeat(33 * 1024) + "\r\n\r\n", "HTTP/1.1 431 ", "HEADERS_TOO_LARGE"},
            {"GET / HTTP/2.0\r\nHost: a\r\n\r\n", "HTTP/1.1 505 ", "UNSUPPORTED_HTTP_VERSION"},
            {"GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ", "INVALID_HOST"},
            {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 400 ",
                "CONTENT_LENGTH_AND_TRANSFER_ENCODING"},
        };
        for (String[] c : cases) {
            List<String> lines = linesFor(c[0], c[1]);
            String status = c[1].substring("HTTP/1.1 ".length()).strip();
            assertThat(lines).as("lines for %s", c[2]).singleElement().asString()
                    .contains(" INFO " + Http1Log.BAD_REQUESTS + " - connection ")
                    .contains(" from in-memory-client")
                    .contains("answered " + status)
                    .contains(c[2]);
        }
    }

    @Test
    void logsOneInfoLinePerRejectedBody() throws Exception {
        assertThat(linesFor("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 400 "))
                .singleElement().asString().contains("answered 400").contains("INVALID_CHUNK");
        assertThat(linesFor("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n" + "x".repeat(11), "HTTP/1.1 413 "))
                .singleElement().asString().contains("answered 413").contains("REQUEST_BODY_TOO_LARGE");
    }

    @Test
    void logsNothingForARequestItServes() throws Exception {
        assertThat(linesFor("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\nConnection: close\r\n\r\n" + "x".repeat(10),
                "HTTP/1.1 200 OK\r\n")).isEmpty();
    }
}
