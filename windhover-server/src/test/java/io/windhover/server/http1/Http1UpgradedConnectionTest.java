package io.windhover.server.http1;

import static io.windhover.server.InMemoryHttpServer.readUntil;
import static io.windhover.server.InMemoryHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.HttpLimits;
import io.windhover.server.InMemoryHttpServer;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpContext;
import io.windhover.server.http.UpgradedConnection;
import io.windhover.transport.ConnectionLifetime;
import io.windhover.transport.memory.InMemoryConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection after {@code 101 Switching Protocols} belongs to the other protocol (a WebSocket):
 * HTTP/1.1's timeouts no longer apply to it, and a graceful stop does not cut its reads — the
 * protocol closes in its own way (a WebSocket's Close 1001) within the shutdown timeout.
 */
class Http1UpgradedConnectionTest {

    private InMemoryHttpServer server;
    private final CountDownLatch closeRequested = new CountDownLatch(1);

    @AfterEach
    void stop() {
        server.close();
    }

    private void handle(HttpContext context) throws IOException {
        context.response().headers().set("Upgrade", "echo");
        context.features().get(ConnectionLifetime.class).closeRequested().thenRun(closeRequested::countDown);
        UpgradedConnection raw = context.upgrade();
        byte[] chunk = new byte[1024];
        for (int n; (n = raw.input().read(chunk)) >= 0; ) {
            raw.output().write(chunk, 0, n);
            raw.output().flush();
        }
    }

    private InMemoryConnection upgraded() throws Exception {
        InMemoryConnection client = server.connect();
        send(client, "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n");
        assertThat(readUntil(client, "\r\n\r\n")).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        return client;
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void keepAliveAndHeadersTimeoutsDoNotApplyAfterTheSwitch(Scheduling scheduling) throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), this::handle);
        InMemoryConnection client = upgraded();
        for (int i = 0; i < 3; i++) {
            // Each step is past the keep-alive (130 s) and request-headers (30 s) timeouts.
            server.advance(Duration.ofMinutes(5));
            send(client, "ping " + i);
            assertThat(readUntil(client, "ping " + i)).isEqualTo("ping " + i);
        }
        client.output().complete();
        client.input().complete();
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void aGracefulStopLeavesTheUpgradedProtocolReadingUntilItEnds(Scheduling scheduling) throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), this::handle);
        InMemoryConnection client = upgraded();
        Thread stopping = Thread.startVirtualThread(server::stop);
        assertThat(closeRequested.await(10, TimeUnit.SECONDS)).isTrue();

        send(client, "still here");
        assertThat(readUntil(client, "still here")).as("the read was not cut by the stop").isEqualTo("still here");

        client.output().complete(); // the protocol's own end: the handler returns, the stop finishes
        stopping.join(10_000);
        assertThat(stopping.isAlive()).isFalse();
        client.input().complete();
    }
}
