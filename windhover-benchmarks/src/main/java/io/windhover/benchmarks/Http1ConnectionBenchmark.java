package io.windhover.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.windhover.auth.Authentication;
import io.windhover.auth.Authorization;
import io.windhover.auth.jwt.HmacJwtIssuer;
import io.windhover.auth.jwt.JwtBearerHandler;
import io.windhover.auth.jwt.JwtBearerOptions;
import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.server.Http1Limits;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.MonotonicClock;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.host.ConnectionHost;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import io.windhover.web.middleware.Cors;
import io.windhover.web.middleware.ExceptionHandler;
import io.windhover.web.middleware.RequestLogging;
import io.windhover.web.middleware.ResponseCompression;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 engine's whole loop per request — parse the head, run a TechEmpower handler
 * (plaintext, json, or json through the web layer's routing and result writing), write the
 * response, flush — over the in-memory transport with inline scheduling, so
 * that one thread does everything and no socket or thread hand-off is measured. Each invocation
 * sends 16 pipelined requests and reads the 16 responses; figures are per request. With
 * {@code -prof gc} it shows the engine's allocation per request, whose goal is 0 B/op.
 *
 * <p>The applications:
 * <ul>
 *   <li>{@code plaintext}, {@code json}: the bare {@link HttpApplication}, Jackson per request.
 *   <li>{@code web-json}: {@code app.get("/json", ...)} and nothing else — routing, the endpoint,
 *       the result written as JSON.
 *   <li>{@code web-controller}: the same endpoint as a controller method ({@link JsonController}), its
 *       route written by the annotation processor: the issue asks it to cost within 5 % of {@code web-json}.
 *   <li>{@code web-full}: the same endpoint among {@value #FULL_ROUTES} routes behind the
 *       middleware an application uses ({@link #fullStack()}), for the same request bytes as
 *       {@code json}: no {@code Origin}, no {@code Accept-Encoding}, so CORS and compression each
 *       look at a header and step aside.
 *   <li>{@code web-full-browser}: {@code web-full} for a browser's cross-origin request, with
 *       {@code Origin} (allowed: CORS writes its headers) and {@code Accept-Encoding: gzip, deflate,
 *       br} (compression wraps the response, then sends the 27-byte body raw: under its 1 KiB minimum).
 * </ul>
 * The request log is on the stack but quiet: each fork runs with {@value #QUIET_REQUEST_LOG}, so
 * {@code RequestLogging} reads the clock and asks {@code isInfoEnabled()}, and formats nothing —
 * an application logging at WARN. {@link #start()} refuses to measure if the logger would print.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS,
        Http1ConnectionBenchmark.QUIET_REQUEST_LOG})
@State(Scope.Thread)
public class Http1ConnectionBenchmark {

    /** slf4j-simple's level for {@code RequestLogging}'s logger: WARN, above the INFO it logs requests at. */
    static final String QUIET_REQUEST_LOG = "-Dorg.slf4j.simpleLogger.log.io.windhover.web.requests=warn";
    static final int FULL_ROUTES = 20;
    private static final int PIPELINE = 16;
    private static final String BROWSER_HEADERS = "Origin: http://localhost:3000\r\nAccept-Encoding: gzip, deflate, br\r\n";
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** What the engine serves: the bare plaintext or json handler, or json through the web layer. */
    @Param({"plaintext", "json", "web-json", "web-controller", "web-bearer", "web-full", "web-full-browser"})
    public String application;

    /** The TechEmpower json test's message, serialised per request. */
    public record Message(String message) {
    }

    private BlockMemoryPool pool;
    private ConnectionHost host;
    private InMemoryConnection client;
    private long expectedBytes;
    private byte[] requests;

    @Setup(Level.Trial)
    public void start() throws Exception {
        pool = BlockMemoryPool.create();
        var transport = new InMemoryTransport(pool);
        String path = application.equals("plaintext") ? "/plaintext" : "/json";
        String request = Http1ParserBenchmark.PLAINTEXT.replace("/plaintext", path);
        if (application.equals("web-full-browser")) {
            request = request.replace("\r\n\r\n", "\r\n" + BROWSER_HEADERS + "\r\n");
        }
        if (application.equals("web-bearer")) {
            request = request.replace("\r\n\r\n", "\r\nAuthorization: Bearer " + bearerToken() + "\r\n\r\n");
        }
        requests = request.repeat(PIPELINE).getBytes(StandardCharsets.US_ASCII);
        HttpApplication handler = switch (application) {
            case "plaintext" -> context -> {
                context.response().headers().set("Content-Type", "text/plain");
                context.response().body().write(HELLO);
            };
            case "json" -> context -> {
                context.response().headers().set("Content-Type", "application/json");
                context.response().body().write(JACKSON.writeValueAsBytes(new Message("Hello, World!")));
            };
            case "web-json" -> {
                var app = WebApplication.create();
                app.get("/json", context -> new Message("Hello, World!"));
                yield app.toHttpApplication();
            }
            case "web-controller" -> WebApplication.create().mapControllers(new JsonControllerRoutes()).toHttpApplication();
            case "web-bearer" -> bearerProtected();
            case "web-full", "web-full-browser" -> fullStack();
            default -> throw new IllegalArgumentException("no application " + application);
        };
        var date = new DateHeader();
        var timeouts = new ConnectionTimeouts(MonotonicClock.system());
        var endPoint = EndPoint.loopback(80);
        host = ConnectionHost.builder(transport).pool(pool).scheduling(Scheduling.INLINE).onHeartbeat(date).onHeartbeat(timeouts)
                .listen(endPoint, new HttpConnectionDelegate(new ServiceContext(handler, HttpLimits.defaults(), Http1Limits.defaults(),
                        Http2Limits.defaults(), date, timeouts, Scheduling.INLINE, true)))
                .build();
        host.start();
        client = transport.connect(endPoint);
        expectedBytes = firstExchange(); // the first batch tells how long 16 responses are
    }

    /** HS256, as {@code bin/todo jwt} issues them: 32 bytes of key, an issuer and an audience. */
    private static final byte[] BEARER_KEY = "windhover-benchmark-signing-key!".getBytes(StandardCharsets.US_ASCII);

    private static String bearerToken() {
        return new HmacJwtIssuer(BEARER_KEY, "bench", "api", InstantSource.system())
                .issue("user", List.of("todos:write"), List.of(), Duration.ofHours(1));
    }

    /**
     * {@code web-json} behind a JWT bearer check and a scope policy, as the todo sample guards its
     * writes: each request's token is parsed and its HS256 signature verified (issue 20 asks what a
     * bearer check costs per request).
     */
    private static HttpApplication bearerProtected() {
        var app = WebApplication.create();
        var authentication = Authentication.builder()
                .addScheme(JwtBearerOptions.SCHEME, new JwtBearerHandler(JwtBearerOptions.SCHEME,
                        JwtBearerOptions.builder().hmacKey(BEARER_KEY).issuer("bench").audience("api").build()))
                .build();
        app.use(authentication);
        app.use(Authorization.builder(authentication)
                .policy("write", policy -> policy.requireAuthenticatedUser().requireScope("todos:write"))
                .build());
        app.get("/json", context -> new Message("Hello, World!")).requireAuthorization("write");
        return app.toHttpApplication();
    }

    /**
     * The json endpoint as an application serves it: among {@value #FULL_ROUTES} routes (literals,
     * constrained parameters, a catch-all, a group), behind request logging, the exception
     * handler, a CORS policy and response compression, in the order an application adds them.
     */
    static HttpApplication fullStack() {
        if (LoggerFactory.getLogger("io.windhover.web.requests").isInfoEnabled()) {
            throw new IllegalStateException("the request log would print; run the fork with " + QUIET_REQUEST_LOG);
        }
        var app = WebApplication.create();
        app.use(new RequestLogging());
        app.use(new ExceptionHandler(false));
        app.use(Cors.policy().allowOrigins("http://localhost:3000", "https://app.example").allowMethods("GET", "POST", "PUT", "DELETE")
                .allowHeaders("Content-Type", "Authorization").exposeHeaders("Location").maxAge(Duration.ofMinutes(10)).build());
        app.use(new ResponseCompression());
        app.get("/", context -> "home");
        app.get("/healthz", context -> "Healthy");
        app.get("/plaintext", context -> "Hello, World!");
        app.get("/todos", context -> List.of(new Message("a todo")));
        app.post("/todos", context -> Results.created("/todos/1", context.body(Message.class)));
        app.get("/todos/{id:int}", context -> new Message("todo " + context.route("id", int.class)));
        app.put("/todos/{id:int}", context -> context.body(Message.class));
        app.delete("/todos/{id:int}", context -> Results.status(204));
        app.get("/users/{id:guid}", context -> new Message("user " + context.route("id")));
        app.get("/users/{id:guid}/orders/{page:int=1}", context -> new Message("orders"));
        app.get("/products/{slug:alpha}", context -> new Message(context.route("slug")));
        app.get("/products/{id:long}/reviews", context -> List.of());
        app.get("/search", context -> new Message("search " + context.query("q")));
        app.get("/files/{*path}", context -> Results.status(404));
        app.get("/api/v1/status", context -> new Message("ok"));
        app.get("/api/v1/items/{name}", context -> new Message(context.route("name")));
        app.get("/json", context -> new Message("Hello, World!"));
        var admin = app.mapGroup("/admin").use((context, next) -> next.handle(context));
        admin.get("/stats", context -> new Message("stats"));
        admin.post("/reset", context -> Results.status(204));
        admin.get("/users/{id:int}", context -> new Message("admin user"));
        return app.toHttpApplication();
    }

    /** {@link #exchange()} before the length is known: reads the first batch whole and checks it is 16 × 200 with the message. */
    private long firstExchange() {
        client.output().write(requests);
        client.output().flush();
        ReadResult result = client.input().read(); // inline: the 16 answers were written within the flush
        String responses = new String(result.buffer().toArray(), StandardCharsets.US_ASCII);
        client.input().advanceTo(result.buffer().end());
        int ok = responses.split("HTTP/1.1 200 OK\r\n", -1).length - 1;
        String body = application.equals("plaintext") ? "Hello, World!" : "{\"message\":\"Hello, World!\"}";
        int bodies = responses.split(java.util.regex.Pattern.quote(body), -1).length - 1;
        if (ok != PIPELINE || bodies != PIPELINE) {
            throw new IllegalStateException(application + ": expected " + PIPELINE + " answers 200 with " + body + ", got\n" + responses);
        }
        return responses.length();
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.output().complete();
        host.stop(Duration.ofSeconds(5));
        pool.close();
    }

    /** Sends 16 pipelined requests; the engine answers them inline, within the flush; reads the answers. */
    private long exchange() {
        client.output().write(requests);
        client.output().flush();
        long received = 0;
        while (received < expectedBytes) {
            ReadResult result = client.input().read();
            received += result.buffer().length();
            client.input().advanceTo(result.buffer().end());
        }
        return received;
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public long request() {
        return exchange();
    }
}
