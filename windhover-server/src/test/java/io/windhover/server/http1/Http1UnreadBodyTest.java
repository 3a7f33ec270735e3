package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static io.windhover.server.InMemoryHttpServer.readToClose;
import static io.windhover.server.InMemoryHttpServer.readUntil;
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
 * What the server does with a request body the handler left unread: the response goes out before
 * the server waits for the rest, and the connection is kept only if the rest can be skipped.
 * No minimum body data rate, so that a wait the server should not make never ends on its own.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1UnreadBodyTest {

    private static final String HI = "\r\n\r\nhi";

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;

    @BeforeEach
    void start() throws Exception {
        var limits = HttpLimits.defaults().withMinDataRates(null, null);
        server = new InMemoryHttpServer(scheduling, limits, context -> {
            var response = context.response();
            switch (context.request().path()) {
                case "/count" -> response.body().write(Long.toString(context.request().body().readAllBytes().length)
                        .getBytes(StandardCharsets.US_ASCII));
                default -> response.body().write("hi".getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsTheResponseBeforeWaitingForTheRestOfAnUnreadBody() throws Exception {
        InMemoryConnection client = server.connect();
        send(client, "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc");
        assertThat(readUntil(client, HI)).as("answered while 97 bytes of the body are still to come")
                .startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Connection: close");
        send(client, "x".repeat(97) + "POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        assertThat(readToClose(client)).as("the rest skipped, the next request served")
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n2");
    }

    @Test
    void sendsTheResponseBeforeWaitingForTheRestOfAnUnreadChunkedBody() throws Exception {
        InMemoryConnection client = server.connect();
        send(client, "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        assertThat(readUntil(client, HI)).startsWith("HTTP/1.1 200 OK\r\n");
        send(client, "0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(readToClose(client)).startsWith("HTTP/1.1 200 OK\r\n").endsWith(HI);
    }

    @Test
    void skipsAnUnreadBodyThatIsAlreadyHereAndAnswersBothPipelinedRequests() throws Exception {
        String response = server.exchange("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).hasSize(3);
        assertThat(response).endsWith(HI);
    }
}
