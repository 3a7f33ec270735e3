package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web layer end to end: an application on a real server, driven by the JDK's HttpClient. */
class WebApplicationTest {

    public record Todo(int id, String title, boolean done) {
    }

    public record NewTodo(String title, boolean done) {
    }

    private final Map<Integer, Todo> todos = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> trace = new CopyOnWriteArrayList<>();
    private WebApplication app;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() throws Exception {
        todos.put(1, new Todo(1, "write tests", false));
        ids.set(1);
        app = WebApplication.create("--urls", "http://127.0.0.1:0")
                .server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.use((context, next) -> {
            trace.add("outer before " + context.request().path());
            next.handle(context);
            trace.add("outer after");
        });
        app.use((context, next) -> {
            if (context.header("X-Block") != null) {
                context.response().status(403); // short-circuit: next is not called
                return;
            }
            next.handle(context);
        });
        app.map("/branch", branch -> branch.run(context -> context.response().body().write("branched".getBytes())));
        app.get("/todos", context -> todos.values());
        app.get("/todos/{id:int}", context -> {
            Todo todo = todos.get(context.route("id", int.class));
            return todo == null ? Results.notFound() : todo;
        });
        app.post("/todos", context -> {
            NewTodo input = context.body(NewTodo.class);
            if (input.title() == null || input.title().isBlank()) {
                return Results.badRequest("a todo needs a title");
            }
            var todo = new Todo(ids.incrementAndGet(), input.title(), input.done());
            todos.put(todo.id(), todo);
            return Results.created("/todos/" + todo.id(), todo);
        });
        app.delete("/todos/{id:int}", context -> todos.remove(context.route("id", int.class)) == null
                ? Results.notFound() : Results.noContent());
        app.get("/page", context -> "page " + context.query("number", int.class));
        app.get("/text", context -> "plain text");
        app.get("/moved", context -> Results.redirect("/text"));
        var admin = app.mapGroup("/admin");
        admin.get("/stats", context -> Map.of("todos", todos.size()));
        admin.use((context, next) -> {
            if (!"secret".equals(context.header("X-Key"))) {
                context.response().status(401);
                return;
            }
            next.handle(context);
        });
        app.start();
        base = app.listeningUrls().getFirst();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterEach
    void stop() {
        client.close();
        app.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesJsonFromRoutesWithTypedValues() throws Exception {
        var one = send("GET", "/todos/1", null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(one.body()).isEqualTo("{\"id\":1,\"title\":\"write tests\",\"done\":false}");
        assertThat(send("GET", "/todos", null).body()).startsWith("[{\"id\":1");
        var missing = send("GET", "/todos/99", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(send("GET", "/todos/abc", null).statusCode()).as("the int constraint fails: no route").isEqualTo(404);
    }

    @Test
    void createsFromAJsonBodyAndRefusesABadOneWithProblemDetails() throws Exception {
        var created = send("POST", "/todos", "{\"title\":\"ship it\",\"done\":false,\"extra\":1}", "Content-Type", "application/json");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).hasValue("/todos/2");
        assertThat(created.body()).isEqualTo("{\"id\":2,\"title\":\"ship it\",\"done\":false}");
        assertThat(send("GET", "/todos/2", null).statusCode()).isEqualTo(200);

        var malformed = send("POST", "/todos", "{\"title\":", "Content-Type", "application/json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(malformed.body()).contains("\"status\":400").contains("\"parameter\":\"body\"").contains("the JSON body cannot be read: malformed JSON (line 1, column 10)");
        assertThat(send("POST", "/todos", null).body()).contains("the request has no body");
        assertThat(send("POST", "/todos", "{\"title\":\" \"}", "Content-Type", "application/json").body())
                .contains("a todo needs a title");

        assertThat(send("DELETE", "/todos/2", null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/todos/2", null).statusCode()).isEqualTo(404);
    }

    @Test
    void bindsTheQueryAndNamesTheParameterThatFails() throws Exception {
        assertThat(send("GET", "/page?number=2", null).body()).isEqualTo("page 2");
        var bad = send("GET", "/page?number=two", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"parameter\":\"number\"").contains("'number': 'two' is not a valid int");
        var absent = send("GET", "/page", null);
        assertThat(absent.statusCode()).as("absent, and asked for as a primitive").isEqualTo(400);
        assertThat(absent.body()).contains("'number' is required");
    }

    @Test
    void answers405WithAllowAndServesHeadWithGet() throws Exception {
        var refused = send("PUT", "/todos", "{}");
        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.headers().firstValue("allow")).hasValue("GET, HEAD, POST");
        var head = send("HEAD", "/text", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue("10");
        assertThat(head.body()).isEmpty();
        assertThat(send("GET", "/nowhere", null).statusCode()).isEqualTo(404);
    }

    @Test
    void runsMiddlewareInOrderAndLetsItShortCircuit() throws Exception {
        assertThat(send("GET", "/text", null).body()).isEqualTo("plain text");
        assertThat(trace).containsExactly("outer before /text", "outer after");
        assertThat(send("GET", "/text", null, "X-Block", "1").statusCode()).isEqualTo(403);
        assertThat(send("GET", "/branch/anything", null).body()).isEqualTo("branched");
        assertThat(send("GET", "/branched", null).statusCode()).as("a prefix only at a segment boundary").isEqualTo(404);
    }

    @Test
    void runsAGroupsMiddlewareForItsRoutesOnly() throws Exception {
        assertThat(send("GET", "/admin/stats", null).statusCode()).as("added after the route, still applies").isEqualTo(401);
        assertThat(send("GET", "/admin/stats", null, "X-Key", "secret").body()).isEqualTo("{\"todos\":1}");
        assertThat(send("GET", "/text", null).statusCode()).isEqualTo(200);
    }

    @Test
    void returnsTextAndRedirects() throws Exception {
        var text = send("GET", "/text", null);
        assertThat(text.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        var moved = send("GET", "/moved", null);
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(moved.headers().firstValue("location")).hasValue("/text");
    }
}
