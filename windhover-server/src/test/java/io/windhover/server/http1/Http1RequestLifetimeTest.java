package io.windhover.server.http1;

import static io.windhover.server.InMemoryHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.InMemoryHttpServer;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpContext;
import io.windhover.server.http.HttpUpgradeFeature;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a request's lifetime gives a handler over HTTP/1.1: its id, its authority, its own features, its abort. */
class Http1RequestLifetimeTest {

    /** A feature type of the test's own. */
    record Tenant(String name) {
    }

    private InMemoryHttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch abortSeen = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    /** Counted down as each handler call ends: the client may see an abort before the handler has gone on. */
    private final CountDownLatch handled = new CountDownLatch(1);
    private final AtomicReference<Throwable> handlerSaw = new AtomicReference<>();
    private final AtomicReference<OutputStream> keptResponse = new AtomicReference<>();
    private final AtomicReference<InputStream> keptRequest = new AtomicReference<>();
    private final AtomicReference<PipeWriter> keptWriter = new AtomicReference<>();
    private final AtomicReference<PipeReader> keptReader = new AtomicReference<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private void start(Scheduling scheduling) throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), Http1Limits.defaults(), this::handle,
                pipeline -> pipeline.use((connection, next) -> {
                    connection.features().set(String.class, "set on the connection");
                    next.execute(connection);
                }),
                io.windhover.server.connection.HttpConnectionDelegate::new);
    }

    private void handle(HttpContext context) throws Exception {
        try {
            route(context);
        } finally {
            handled.countDown();
        }
    }

    private void route(HttpContext context) throws Exception {
        switch (context.request().path()) {
            case "/id" -> seen.add(context.requestId());
            case "/upgrade-feature" -> {
                HttpUpgradeFeature upgrade = context.features().get(HttpUpgradeFeature.class);
                seen.add((upgrade != null) + " " + upgrade.isUpgradeRequest() + " " + context.isUpgradeRequest());
            }
            case "/authority" -> seen.add(String.valueOf(context.request().authority()));
            case "/set" -> {
                context.features().set(Tenant.class, new Tenant("acme"));
                seen.add(context.features().get(Tenant.class) + " " + context.features().get(String.class));
            }
            case "/get" -> seen.add(context.features().get(Tenant.class) + " " + context.features().get(String.class));
            case "/abort" -> {
                context.response().body().write("never sent".getBytes(StandardCharsets.US_ASCII));
                context.abort();
                seen.add("aborted " + context.isAborted());
                try {
                    context.response().body().flush();
                } catch (IOException e) {
                    handlerSaw.set(e);
                }
            }
            case "/wait" -> {
                context.onAborted(abortSeen::countDown);
                entered.countDown();
                try {
                    context.request().body().readAllBytes(); // the client leaves in the middle
                } catch (IOException e) {
                    handlerSaw.set(e);
                }
                seen.add("aborted " + context.isAborted());
            }
            case "/keep" -> {
                keptResponse.set(context.response().body());
                keptRequest.set(context.request().body());
                keptWriter.set(context.response().bodyWriter());
                keptReader.set(context.request().bodyReader());
                context.response().body().write("first".getBytes(StandardCharsets.US_ASCII));
            }
            case "/use-kept" -> {
                seen.add(failure(() -> keptResponse.get().write("leak".getBytes(StandardCharsets.US_ASCII))));
                seen.add(failure(() -> keptResponse.get().flush()));
                seen.add(failure(() -> keptRequest.get().read()));
                seen.add(failure(() -> keptWriter.get().write("leak".getBytes(StandardCharsets.US_ASCII))));
                seen.add(failure(() -> keptReader.get().read()));
                keptResponse.get().close(); // a second close of an old stream: nothing happens
                context.response().body().write("second".getBytes(StandardCharsets.US_ASCII));
            }
            default -> context.response().status(404);
        }
    }

    /** Runs {@code use} and says what it threw, by type and message. */
    private static String failure(ThrowingRunnable use) {
        try {
            use.run();
            return "no failure";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void aBodyKeptPastItsRequestNeverReachesTheNextOne(Scheduling scheduling) throws Exception {
        start(scheduling);
        String response = server.exchange("POST /keep HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /use-kept HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret");
        assertThat(response).contains("\r\n\r\nfirst").endsWith("\r\n\r\nsecond").doesNotContain("leak");
        String responseEnded = "this response body belongs to an earlier request on the connection, which has ended;"
                + " a body must not be used after its response";
        String requestEnded = "this request body belongs to an earlier request on the connection, which has ended;"
                + " a body must not be read after its request";
        assertThat(seen).containsExactly(
                "IOException: " + responseEnded,
                "IOException: " + responseEnded,
                "IOException: " + requestEnded,
                "PipeException: " + responseEnded,
                "PipeException: " + requestEnded);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void upgradeIsAFeatureOfEveryHttp11RequestThatSaysWhetherThisOneAsks(Scheduling scheduling) throws Exception {
        start(scheduling);
        server.exchange("GET /upgrade-feature HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /upgrade-feature HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        server.exchange("GET /upgrade-feature HTTP/1.1\r\nHost: a\r\nConnection: upgrade, close\r\nUpgrade: echo\r\n\r\n");
        assertThat(seen).containsExactly("true false false", "true false false", "true true true");
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void eachRequestHasAnIdOfItsConnectionAndItsNumberOnIt(Scheduling scheduling) throws Exception {
        start(scheduling);
        server.exchange("GET /id HTTP/1.1\r\nHost: a\r\n\r\nGET /id HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        server.exchange("GET /id HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(seen).hasSize(3);
        String connection = seen.getFirst().substring(0, seen.getFirst().indexOf(':'));
        assertThat(seen.subList(0, 2)).containsExactly(connection + ":00000001", connection + ":00000002");
        assertThat(seen.get(2)).endsWith(":00000001").doesNotStartWith(connection + ":");
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void theAuthorityIsTheHostFieldOrTheAbsoluteTargetsAndNullWithoutEither(Scheduling scheduling) throws Exception {
        start(scheduling);
        server.exchange("GET /authority HTTP/1.1\r\nHost: example.com:8080\r\n\r\n"
                + "GET http://a.example/authority HTTP/1.1\r\nHost: a.example\r\n\r\n"
                + "GET /authority HTTP/1.0\r\n\r\n");
        assertThat(seen).containsExactly("example.com:8080", "a.example", "null");
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void aFeatureSetOnARequestEndsWithItWhileTheConnectionsStayVisible(Scheduling scheduling) throws Exception {
        start(scheduling);
        server.exchange("GET /set HTTP/1.1\r\nHost: a\r\n\r\nGET /get HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(seen).containsExactly("Tenant[name=acme] set on the connection", "null set on the connection");
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void abortEndsTheConnectionWithNothingSentAndFailsLaterWrites(Scheduling scheduling) throws Exception {
        start(scheduling);
        // The client sees a reset: its read fails, with nothing of the response before it.
        assertThatThrownBy(() -> server.exchange("GET /abort HTTP/1.1\r\nHost: a\r\n\r\n"))
                .hasRootCauseInstanceOf(ConnectionAbortedException.class);
        assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("aborted true");
        assertThat(handlerSaw.get()).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void aClientThatLeavesMidRequestAbortsIt(Scheduling scheduling) throws Exception {
        start(scheduling);
        InMemoryConnection client = server.connect();
        send(client, "POST /wait HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nhalf");
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the handler is running").isTrue();
        client.abort("the client reset the connection");
        assertThat(abortSeen.await(10, TimeUnit.SECONDS)).as("the abort callback ran").isTrue();
        assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("aborted true");
        assertThat(handlerSaw.get()).isInstanceOf(IOException.class);
    }
}
