package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Response framing the other tests leave out: RFC 9110 §15.4.5, a 304 "cannot contain content"
 * (whatever the handler writes), and RFC 9112 §6.3, an HTTP/1.0 response of unknown length is
 * delimited by the server closing the connection.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1ResponseFramingTest {

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), context -> {
            var response = context.response();
            switch (context.request().path()) {
                case "/not-modified" -> {
                    response.status(304);
                    response.headers().set("ETag", "\"v1\"");
                }
                case "/not-modified-with-body" -> {
                    response.status(304);
                    response.body().write("not sent".getBytes(StandardCharsets.US_ASCII));
                }
                case "/not-modified-streamed" -> {
                    response.status(304);
                    response.body().write("not sent".getBytes(StandardCharsets.US_ASCII));
                    response.body().flush();
                    response.body().write(" either".getBytes(StandardCharsets.US_ASCII));
                }
                case "/stream" -> {
                    response.body().write("part one, ".getBytes(StandardCharsets.US_ASCII));
                    response.body().flush(); // started before the end: no length known
                    response.body().write("part two".getBytes(StandardCharsets.US_ASCII));
                }
                default -> response.body().write("next".getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static final String NEXT = "GET /next HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    @Test
    void sends304WithNoBodyAndNoFramingThenTheNextResponse() throws Exception {
        String response = server.exchange("GET /not-modified HTTP/1.1\r\nHost: a\r\n\r\n" + NEXT);
        String first = response.substring(0, response.indexOf("HTTP/1.1 200 OK"));
        assertThat(first).startsWith("HTTP/1.1 304 Not Modified\r\n").contains("\r\nETag: \"v1\"\r\n")
                .doesNotContain("Content-Length").doesNotContain("Transfer-Encoding").endsWith("\r\n\r\n");
        assertThat(response).endsWith("\r\n\r\nnext");
    }

    @Test
    void dropsWhatAHandlerWritesInto304WhetherBufferedOrStreamed() throws Exception {
        for (String path : new String[] {"/not-modified-with-body", "/not-modified-streamed"}) {
            String response = server.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n" + NEXT);
            String first = response.substring(0, response.indexOf("HTTP/1.1 200 OK"));
            assertThat(first).as(path).startsWith("HTTP/1.1 304 Not Modified\r\n").doesNotContain("sent")
                    .doesNotContain("Content-Length").doesNotContain("Transfer-Encoding").endsWith("\r\n\r\n");
            assertThat(response).as(path).endsWith("\r\n\r\nnext");
        }
    }

    @Test
    void delimitsAStreamedHttp10ResponseByClosingTheConnection() throws Exception {
        String response = server.exchange("GET /stream HTTP/1.0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nConnection: close\r\n")
                .doesNotContain("Content-Length").doesNotContain("Transfer-Encoding")
                .endsWith("\r\n\r\npart one, part two");
    }

    @Test
    void closesAfterAStreamedHttp10ResponseEvenWhenKeepAliveWasAsked() throws Exception {
        String response = server.exchange("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /next HTTP/1.0\r\n\r\n");
        assertThat(response).contains("\r\nConnection: close\r\n").doesNotContain("Connection: keep-alive")
                .endsWith("\r\n\r\npart one, part two");
    }
}
