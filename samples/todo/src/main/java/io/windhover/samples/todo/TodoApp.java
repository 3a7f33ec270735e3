package io.windhover.samples.todo;

import io.windhover.tls.CertificateException;
import io.windhover.web.HealthChecks;
import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import io.windhover.web.middleware.Cors;
import io.windhover.web.middleware.ExceptionHandler;
import io.windhover.web.middleware.Hsts;
import io.windhover.web.middleware.HttpsRedirection;
import io.windhover.web.middleware.RequestLogging;
import io.windhover.web.middleware.ResponseCompression;
import io.windhover.web.middleware.StaticFiles;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-memory todo list as a REST API, and a page that uses it: what a newcomer copies from.
 *
 * <pre>
 * bin/todo                                   # http://localhost:8080
 * bin/todo --urls http://127.0.0.1:5000
 * bin/todo --urls https://127.0.0.1:5001     # TLS with the development certificate, made if missing
 * bin/todo --urls "http://127.0.0.1:5000;https://127.0.0.1:5001"   # plain requests redirected to https
 *
 * GET    /todos            the list, as JSON
 * GET    /todos/{id}       one todo, or 404 problem details
 * POST   /todos            {"title": "...", "done": false} → 201 with Location
 * PUT    /todos/{id}       replace title and done → 200, or 404
 * DELETE /todos/{id}       → 204, or 404
 * GET    /healthz          → 200
 * GET    /                 wwwroot/index.html, which lists and adds todos with fetch
 * </pre>
 */
public final class TodoApp {

    /** One todo. */
    public record Todo(int id, String title, boolean done) {
    }

    /** What a client sends to create or replace a todo. */
    public record TodoInput(String title, boolean done) {
    }

    private final Map<Integer, Todo> todos = new ConcurrentSkipListMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private TodoApp() {
    }

    public static void main(String[] args) throws Exception {
        try (WebApplication app = create(args)) {
            app.run();
        } catch (CertificateException e) {
            // A setting to fix, not a bug: the message names the file, and a stack trace would bury it.
            System.err.println("todo: cannot start: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The application configured from {@code args} ({@code --urls}, {@code --environment},
     * {@code --content-root}) and the configuration files in the content root.
     */
    public static WebApplication create(String... args) {
        var app = WebApplication.create(args);
        // bin/todo runs in Production, the default environment, on a developer's machine: an https
        // URL without a configured certificate gets the development one, so that
        // `bin/todo --urls https://127.0.0.1:5001` works on a fresh clone.
        app.useDevelopmentCertificate(true);
        var todos = new TodoApp();
        app.use(new RequestLogging());
        app.use(new ExceptionHandler(app.isDevelopment()));
        if (servesHttpAndHttps(app.urls())) {
            // Only with both: with plain HTTP alone (the default) a redirect would leave nothing to
            // reach, and with https alone there is nothing to redirect.
            app.use(Hsts.defaults());
            app.use(HttpsRedirection.to(app));
        }
        // A front end served from a development server on port 3000 may call the API.
        app.use(Cors.policy().allowOrigins("http://localhost:3000").allowMethods("GET", "POST", "PUT", "DELETE")
                .allowHeaders("Content-Type").build());
        app.use(new ResponseCompression());
        if (Files.isDirectory(app.webRoot())) {
            app.use(new StaticFiles(app.webRoot()));
        }
        app.get("/healthz", HealthChecks.builder().check("store", () -> todos.todos.size() < 1_000_000).build());
        var api = app.mapGroup("/todos");
        api.get("/", context -> todos.all());
        api.get("/{id:int}", context -> todos.find(context.route("id", int.class)));
        api.post("/", context -> {
            TodoInput input = context.body(TodoInput.class);
            if (input.title() == null || input.title().isBlank()) {
                return Results.badRequest("a todo needs a non-empty title");
            }
            Todo todo = todos.add(input);
            return Results.created("/todos/" + todo.id(), todo);
        });
        api.put("/{id:int}", context -> {
            int id = context.route("id", int.class);
            TodoInput input = context.body(TodoInput.class);
            if (input.title() == null || input.title().isBlank()) {
                return Results.badRequest("a todo needs a non-empty title");
            }
            Todo replaced = todos.replace(id, input);
            return replaced == null ? Results.problem(404, "no todo " + id) : replaced;
        });
        api.delete("/{id:int}", context -> todos.remove(context.route("id", int.class))
                ? Results.noContent() : Results.problem(404, "no todo " + context.route("id")));
        return app;
    }

    private static boolean servesHttpAndHttps(List<String> urls) {
        boolean https = urls.stream().anyMatch(url -> url.strip().regionMatches(true, 0, "https://", 0, 8));
        boolean http = urls.stream().anyMatch(url -> url.strip().regionMatches(true, 0, "http://", 0, 7));
        return https && http;
    }

    private Collection<Todo> all() {
        return todos.values();
    }

    private Object find(int id) {
        Todo todo = todos.get(id);
        return todo == null ? Results.problem(404, "no todo " + id) : todo;
    }

    private Todo add(TodoInput input) {
        var todo = new Todo(ids.incrementAndGet(), input.title().strip(), input.done());
        todos.put(todo.id(), todo);
        return todo;
    }

    private Todo replace(int id, TodoInput input) {
        return todos.computeIfPresent(id, (key, old) -> new Todo(id, input.title().strip(), input.done()));
    }

    private boolean remove(int id) {
        return todos.remove(id) != null;
    }
}
