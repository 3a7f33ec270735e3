package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.middleware.ExceptionHandler;
import io.windhover.web.middleware.RateLimiting;
import io.windhover.web.middleware.RequestLogging;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline's features as wire transcripts, in memory (on the diagnostic pool: a leaked block
 * fails the test) and over a socket: routing, 404 and 405, binding and its 400, results, the
 * middleware order, branches, groups, the exception handler and the rate limiter.
 */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class WebPipelineTest {

    public record Item(String name, int count) {
    }

    @Parameter
    TestHost.Kind kind;

    private final List<String> order = new CopyOnWriteArrayList<>();
    private TestHost host;

    @BeforeEach
    void start() throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.use(new RequestLogging());
        app.use(new ExceptionHandler(false));
        app.use((context, next) -> {
            order.add("first");
            next.handle(context);
            order.add("first, after");
        });
        app.when(context -> context.header("X-Teapot") != null, branch -> branch.run(context -> context.response().status(418)));
        app.use((context, next) -> {
            order.add("second");
            next.handle(context);
        });
        app.get("/items/{name:alpha}/{count:int=1}", context -> new Item(context.route("name"), context.route("count", int.class)));
        app.post("/items", context -> {
            Item item = context.body(Item.class);
            return Results.created("/items/" + item.name(), item);
        });
        app.get("/count", context -> "count " + context.header("X-Count", int.class) + ", tag " + context.header("X-Tag", String.class));
        app.get("/export", context -> Results.stream(new java.io.ByteArrayInputStream("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                order.add("stream closed");
            }
        }, "text/csv"));
        app.post("/jobs", context -> Results.status(202));
        app.get("/old", context -> Results.redirect("/new", true));
        app.get("/later", context -> Results.redirect("/now", false));
        app.get("/things", context -> "thing " + context.query("id", java.util.UUID.class));
        app.get("/search", context -> "page " + context.query("page", int.class) + " of " + context.queryAll("tag"));
        app.get("/boom", context -> {
            throw new IllegalStateException("kaput");
        });
        app.mapGroup("/limited").use(RateLimiting.fixedWindow(1, Duration.ofHours(1))).get("/", context -> "once");
        host = TestHost.start(kind, app);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private String send(String request) throws Exception {
        return new String(host.exchange(request.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private String get(String target, String... headers) throws Exception {
        return send("GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" + String.join("", headers) + "\r\n");
    }

    private String post(String target, String contentType, String body) throws Exception {
        return send("POST " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    @Test
    void routesBindsAndWritesJson() throws Exception {
        assertThat(get("/items/bolts/12")).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: application/json\r\n")
                .endsWith("\r\n\r\n{\"name\":\"bolts\",\"count\":12}");
        assertThat(get("/items/nuts")).as("the default").endsWith("{\"name\":\"nuts\",\"count\":1}");
        assertThat(get("/items/bolts/x")).as("the int constraint: no route").startsWith("HTTP/1.1 404 ");
        assertThat(get("/items/b0lts/1")).as("the alpha constraint").startsWith("HTTP/1.1 404 ");
        assertThat(get("/search?page=3&tag=a&tag=b%20c")).endsWith("\r\n\r\npage 3 of [a, b c]");
        String badQuery = get("/search?page=three");
        assertThat(badQuery).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("application/problem+json")
                .contains("\"parameter\":\"page\"");
    }

    @Test
    void answers405WithAllowAndCreatesFromJson() throws Exception {
        String refused = send("DELETE /items HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(refused).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: POST\r\n");
        String body = "{\"name\":\"washers\",\"count\":100}";
        String created = send("POST /items HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(created).startsWith("HTTP/1.1 201 Created\r\n").contains("Location: /items/washers\r\n").endsWith(body);
        String malformed = post("/items", "application/json", "{\"na\"");
        assertThat(malformed).startsWith("HTTP/1.1 400 ").contains("\"parameter\":\"body\"");
    }

    @Test
    void runsMiddlewareInOrderWithBranchesAndGroups() throws Exception {
        get("/items/a/1");
        assertThat(order).containsExactly("first", "second", "first, after");
        order.clear();
        assertThat(get("/items/a/1", "X-Teapot: yes\r\n")).startsWith("HTTP/1.1 418 ");
        assertThat(order).as("the branch ended the pipeline").containsExactly("first", "first, after");
        assertThat(get("/limited")).endsWith("\r\n\r\nonce");
        assertThat(get("/limited")).startsWith("HTTP/1.1 429 Too Many Requests\r\n").contains("Retry-After: ");
        assertThat(get("/items/a/1")).as("the group's limit is the group's only").startsWith("HTTP/1.1 200 ");
    }

    @Test
    void turnsAnExceptionIntoProblemDetails() throws Exception {
        assertThat(get("/boom")).startsWith("HTTP/1.1 500 Internal Server Error\r\n").contains("application/problem+json")
                .doesNotContain("kaput");
        assertThat(get("/items/a/1")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void refusesABodyThatIsMoreThanOneJsonValue() throws Exception {
        for (String body : new String[] {"{\"name\":\"trail\",\"count\":1} garbage",
                "{\"name\":\"a\",\"count\":1}{\"name\":\"b\",\"count\":2}"}) {
            assertThat(post("/items", "application/json", body)).as(body).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("application/problem+json").contains("\"parameter\":\"body\"");
        }
        assertThat(post("/items", "application/json", "{\"name\":\"a\",\"count\":1}\r\n"))
                .as("whitespace after the value is not a second value").startsWith("HTTP/1.1 201 ");
    }

    @Test
    void refusesANumberForAStringAndAFractionForAnInteger() throws Exception {
        for (String body : new String[] {"{\"name\":5,\"count\":1}", "{\"name\":true,\"count\":1}",
                "{\"name\":\"a\",\"count\":1.5}"}) {
            assertThat(post("/items", "application/json", body)).as(body).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("\"parameter\":\"body\"");
        }
        assertThat(post("/items", "application/json", "{\"name\":\"a\",\"count\":\"7\"}"))
                .as("a number in a string is read, as System.Text.Json's web defaults read it")
                .startsWith("HTTP/1.1 201 ").endsWith("{\"name\":\"a\",\"count\":7}");
    }

    @Test
    void bindsAUuidOnlyInItsCanonicalForm() throws Exception {
        assertThat(get("/things?id=123e4567-e89b-12d3-a456-426614174000")).endsWith("\r\n\r\nthing 123e4567-e89b-12d3-a456-426614174000");
        assertThat(get("/things?id=123E4567-E89B-12D3-A456-426614174000")).endsWith("\r\n\r\nthing 123e4567-e89b-12d3-a456-426614174000");
        for (String id : new String[] {"1-1-1-1-1", "%2B0000000-0000-0000-0000-000000000001", "123e4567e89b12d3a456426614174000"}) {
            assertThat(get("/things?id=" + id)).as(id).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"parameter\":\"id\"")
                    .contains("is not a valid UUID");
        }
    }

    @Test
    void describesABodyThatDoesNotBindByItsFieldsNeverByJavaClasses() throws Exception {
        String[][] cases = {
            {"\"bolts\"", "the body must be an object (line 1, column 1)"},
            {"[1]", "the body must be an object (line 1, column 1)"},
            {"{\"name\":5,\"count\":1}", "'name' must be a string, not 5 (line 1, column 9)"},
            {"{\"name\":\"a\",\"count\":\"many\"}", "'count' must be a number, not \\\"many\\\" (line 1, column 21)"},
            {"{\"name\":{},\"count\":1}", "'name' must be a string (line 1, column 9)"},
            {"{\"name\":\"a\",\"count\":99999999999}", "'count': Numeric value (99999999999) out of range of int"},
            {"{\"name\":\"a\",\"count\":1}{}", "more JSON after the value (line 1, column 23)"},
            {"{\"name\" \"a\"}", "malformed JSON (line 1, column 9): Unexpected character"},
            {"{\"name\":\"a\"", "malformed JSON (line 1, column 12): Unexpected end-of-input: expected close marker for Object\""},
        };
        for (String[] bad : cases) {
            String response = post("/items", "application/json", bad[0]);
            assertThat(response).as(bad[0]).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("\"detail\":\"the JSON body cannot be read: " + bad[1])
                    .doesNotContain("io.windhover").doesNotContain("Item").doesNotContain("java.").doesNotContain("`");
        }
    }

    @Test
    void bindsHeadersAndNamesTheOneThatFails() throws Exception {
        assertThat(get("/count", "X-Count: 3\r\n", "X-Tag: blue\r\n")).endsWith("\r\n\r\ncount 3, tag blue");
        String bad = get("/count", "X-Count: three\r\n");
        assertThat(bad).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"parameter\":\"X-Count\"")
                .contains("'X-Count': 'three' is not a valid int");
        assertThat(get("/count")).as("absent, and asked for as a primitive").startsWith("HTTP/1.1 400 ").contains("'X-Count' is required");
    }

    @Test
    void streamsAResultAndClosesTheStream() throws Exception {
        assertThat(get("/export")).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/csv\r\n")
                .endsWith("\r\n\r\na,b\n1,2\n");
        assertThat(order).contains("stream closed");
    }

    @Test
    void answersWithAStatusAloneAndWithRedirectsThatKeepTheMethod() throws Exception {
        assertThat(send("POST /jobs HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 202 Accepted\r\n").contains("Content-Length: 0\r\n").doesNotContain("Content-Type");
        assertThat(get("/old")).startsWith("HTTP/1.1 308 Permanent Redirect\r\n").contains("Location: /new\r\n");
        assertThat(get("/later")).startsWith("HTTP/1.1 307 Temporary Redirect\r\n").contains("Location: /now\r\n");
    }
}
