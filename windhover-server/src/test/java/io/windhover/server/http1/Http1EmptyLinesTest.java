package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static io.windhover.server.InMemoryHttpServer.readToClose;
import static io.windhover.server.InMemoryHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import io.windhover.transport.memory.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 9112 §2.2: a server "SHOULD ignore at least one empty line (CRLF) received prior to the
 * request-line". Up to {@value RequestHeadReader#MAX_EMPTY_LINES} are ignored, outside the
 * request-line limit; one more is a 400.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1EmptyLinesTest {

    private static final int LINE = 64;
    private static final int MAX = RequestHeadReader.MAX_EMPTY_LINES;
    private static final String REST = "Host: a\r\nConnection: close\r\n\r\n";

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), Http1Limits.defaults().withMaxRequestLineSize(LINE),
                context -> context.response().body().write("ok".getBytes(StandardCharsets.US_ASCII)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** {@code GET /<padding> HTTP/1.1 CRLF} exactly {@code size} bytes long. */
    private static String requestLineOf(int size) {
        return "GET /" + "a".repeat(size - "GET / HTTP/1.1\r\n".length()) + " HTTP/1.1\r\n";
    }

    @Test
    void ignoresTheMostEmptyLinesBeforeALineAtTheRequestLineLimit() throws Exception {
        assertThat(server.exchange("\r\n".repeat(MAX) + requestLineOf(LINE) + REST)).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void stillRefusesALineOneByteOverTheLimitAfterEmptyLines() throws Exception {
        assertThat(server.exchange("\r\n" + requestLineOf(LINE + 1) + REST)).startsWith("HTTP/1.1 414 URI Too Long\r\n");
    }

    @Test
    void refusesOneEmptyLineOverTheMostWith400() throws Exception {
        assertThat(server.exchange("\r\n".repeat(MAX + 1) + "GET / HTTP/1.1\r\n" + REST))
                .startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\r\nConnection: close\r\n");
    }

    @Test
    void refusesAFloodOfEmptyLinesWith400NotAs414() throws Exception {
        // 4,095 CRLFs and a valid line used to count toward the 8 KiB request-line limit: 414.
        assertThat(server.exchange("\r\n".repeat(4095) + "GET / HTTP/1.1\r\n" + REST)).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    @Test
    void countsEmptyLinesThatArriveOverSeveralReads() throws Exception {
        InMemoryConnection client = server.connect();
        for (int i = 0; i < MAX / 2; i++) {
            send(client, "\r"); // two lines a round, cut between CR and LF
            send(client, "\n\r\n");
        }
        send(client, "\r\n".repeat(MAX % 2) + "\r\nGET / HTTP/1.1\r\n" + REST);
        assertThat(readToClose(client)).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    @Test
    void ignoresEmptyLinesBetweenPipelinedRequests() throws Exception {
        String response = server.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi\r\n"
                + "GET / HTTP/1.1\r\n" + REST);
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).hasSize(3);
    }
}
