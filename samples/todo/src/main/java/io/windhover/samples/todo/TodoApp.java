package io.windhover.samples.todo;

import io.windhover.auth.Authentication;
import io.windhover.auth.Authorization;
import io.windhover.auth.antiforgery.Antiforgery;
import io.windhover.auth.cookies.CookieAuthenticationOptions;
import io.windhover.auth.dataprotection.KeyRing;
import io.windhover.auth.jwt.JwtBearerHandler;
import io.windhover.auth.jwt.JwtBearerOptions;
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
import io.windhover.web.MultipartReader;
import io.windhover.web.MultipartSection;
import io.windhover.web.Result;
import io.windhover.web.RouteGroup;
import io.windhover.web.ServerSentEvent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * A small todo list as a REST API on SQLite, and a page that uses it: what a newcomer copies from.
 *
 * <pre>
 * bin/todo                                   # http://localhost:8080, data in data/todos.db
 * bin/todo --urls http://127.0.0.1:5000
 * bin/todo --urls https://127.0.0.1:5001     # TLS with the development certificate, made if missing
 * bin/todo --ConnectionStrings:Todos=jdbc:sqlite::memory:      # forget everything at exit
 *
 * GET    /todos[?done=true|false]              the list, as JSON
 * GET    /todos/{id}                           one todo, or 404 problem details
 * GET    /todos/events                         server-sent events: each change as an event "todo" (TodoFeed), resumable
 * GET    /todos/live[?lastEventId=N]           a WebSocket: the same changes as text messages, with their ids (TodoLive)
 * POST   /todos                                {"title": "...", "done": false} → 201 with Location
 * PUT    /todos/{id}                           replace title and done → 200, or 404
 * DELETE /todos/{id}                           → 204, or 404
 * POST   /todos/{id}/attachments               multipart field "file" → 201 {"name", "size", "contentType"}
 * GET    /todos/{id}/attachments/{name}        the bytes, with ranges
 * DELETE /todos/{id}/attachments/{name}        → 204, or 404
 * GET    /healthz                              → 200
 * GET    /account/me                           {"name", "authenticated", "canSignIn"[, "antiforgeryToken"]}
 * POST   /account/login, /account/logout       Development: the page's sign-in as the development user (a cookie)
 * GET    /openapi/v1.json                      the OpenAPI 3.1 document of the API above (the page's account routes and the WebSocket left out)
 * GET    /swagger                              Swagger UI over it
 * GET    /                                     wwwroot/index.html, which lists, adds and attaches with fetch
 * </pre>
 *
 * <p>Settings ({@code windhover.json}, environment variables, {@code --Key=value}):
 * {@code ConnectionStrings:Todos} (default {@code jdbc:sqlite:data/todos.db} under the content
 * root), {@code Todo:AttachmentsPath} (default {@code data/attachments} under the content root),
 * {@code Todo:MaxAttachmentBytes} (default 10 MiB), {@code Todo:EventHistory} (the changes kept
 * for clients of {@code /todos/events} and {@code /todos/live} that reconnect; default 1,000).
 *
 * <p>Writes ({@code POST}, {@code PUT}, {@code DELETE} under {@code /todos}, attachments included)
 * need a bearer token with the {@code todos:write} scope when {@code Authentication:Bearer:SigningKey}
 * (base64url, 32 bytes or more, HS256), {@code Authentication:Bearer:Issuer} and
 * {@code Authentication:Bearer:Audience} are set ({@link BearerSettings}), or in Development with
 * none of them (the development key); reads stay anonymous. {@code bin/todo jwt --scope todos:write}
 * prints a token ({@link TodoTokens}). In Development the page can also sign in as a development
 * user who may write, kept in an encrypted cookie ({@link DevelopmentSignIn}); then every unsafe
 * request without a bearer token, the sign-in included, must carry the antiforgery token pair the
 * page gets from {@code /account/me}, or is answered 400.
 *
 * <p>Handlers block on JDBC and on files, on the default scheduling: each request runs on a
 * virtual thread that parks while SQLite works, so a slow query holds no I/O loop and no pool
 * thread.
 */
public final class TodoApp {

    /** One todo, with what is known of its attachments. */
    public record Todo(int id, String title, boolean done, List<Attachment> attachments) {
    }

    /**
     * What a client sends to create or replace a todo: a title of 1 to 200 characters once the
     * spaces around it are gone.
     */
    public record TodoInput(@NotBlank @Size(max = 200, message = "must be at most 200 characters") String title, boolean done) {
        public TodoInput {
            title = title == null ? null : title.strip();
        }
    }

    /** One attachment of a todo. */
    public record Attachment(String name, long size, String contentType) {
    }

    /**
     * The {@code Todo} section of the configuration.
     *
     * @param maxAttachmentBytes the largest attachment; default 10 MiB
     * @param attachmentsPath the folder of attachments, relative to the content root; default {@code data/attachments}
     * @param eventHistory the changes kept to replay to a client of {@code /todos/events} or
     *     {@code /todos/live} that reconnects, and the most a slow one may hold unsent before it is ended; default
     *     {@value TodoFeed#DEFAULT_HISTORY_SIZE}
     */
    public record TodoOptions(@Positive Long maxAttachmentBytes, String attachmentsPath, @Positive Integer eventHistory) {
        public TodoOptions {
            maxAttachmentBytes = maxAttachmentBytes == null ? DEFAULT_MAX_ATTACHMENT_BYTES : maxAttachmentBytes;
            attachmentsPath = attachmentsPath == null ? "data/attachments" : attachmentsPath;
            eventHistory = eventHistory == null ? TodoFeed.DEFAULT_HISTORY_SIZE : eventHistory;
        }
    }

    /** 10 MiB. */
    static final long DEFAULT_MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;

    private TodoApp() {
    }

    /** The policy writes need when bearer tokens are configured. */
    static final String WRITE_POLICY = "todos:write";
    /** The default scheme in Development: the bearer scheme for a request with a token, the cookie scheme for the page's. */
    static final String BEARER_OR_COOKIES = "BearerOrCookies";

    public static void main(String[] args) throws Exception {
        // bin/todo jwt ...: the command comes first, or after the --content-root that bin/todo puts first.
        int jwt = args.length > 0 && args[0].equals("jwt") ? 0
                : args.length > 2 && args[0].equals("--content-root") && args[2].equals("jwt") ? 2 : -1;
        if (jwt >= 0) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 0, rest, 0, jwt);
            System.arraycopy(args, jwt + 1, rest, jwt, args.length - jwt - 1);
            System.exit(TodoTokens.run(rest, System.out, System.err));
        }
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
     * {@code --content-root}, {@code --Key=value}) and the configuration files in the content root,
     * with its database opened and migrated.
     *
     * @throws java.io.IOException when the database's folder cannot be made
     */
    public static WebApplication create(String... args) throws java.io.IOException {
        return create(feed -> { }, args);
    }

    /** As {@link #create(String...)}, handing {@code feedMade} the application's feed: tests watch its subscribers. */
    static WebApplication create(java.util.function.Consumer<TodoFeed> feedMade, String... args) throws java.io.IOException {
        var app = WebApplication.create(args);
        // bin/todo runs in Production, the default environment, on a developer's machine: an https
        // URL without a configured certificate gets the development one, so that
        // `bin/todo --urls https://127.0.0.1:5001` works on a fresh clone.
        app.useDevelopmentCertificate(true);
        var configuration = app.configuration();
        TodoOptions options = configuration.bind("Todo", TodoOptions.class); // a bad setting stops the start here
        var feed = new TodoFeed(options.eventHistory(), app.json());
        feedMade.accept(feed);
        // Open event streams end when the server begins to stop, rather than hold its graceful stop for its whole timeout.
        app.onStopping(feed::close);
        TodoStore store = app.registerForDispose(TodoStore.open(configuration.get("ConnectionStrings:Todos",
                "jdbc:sqlite:" + app.contentRoot().resolve("data").resolve("todos.db")), feed));
        var files = new AttachmentFiles(app.contentRoot().resolve(options.attachmentsPath()), options.maxAttachmentBytes());
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
                .allowHeaders("Content-Type", "Authorization", "X-Requested-With").build());
        app.use(new ResponseCompression());
        if (Files.isDirectory(app.webRoot())) {
            app.use(new StaticFiles(app.webRoot()));
        }
        BearerSettings bearer = BearerSettings.read(app);
        Authentication signIn = null;
        Antiforgery antiforgery = null;
        if (bearer != null) {
            var schemes = Authentication.builder()
                    .addScheme(JwtBearerOptions.SCHEME, new JwtBearerHandler(JwtBearerOptions.SCHEME, bearer.options()));
            if (app.isDevelopment()) {
                // The page signs in with a cookie; an API client still sends a token. A request with
                // an Authorization header is the bearer scheme's, one with the cookie the cookie
                // scheme's, and one with neither is challenged as the bearer contract says (401 Bearer).
                KeyRing keys = DevelopmentSignIn.keyRing(app);
                antiforgery = DevelopmentSignIn.antiforgery(keys);
                schemes.addScheme(CookieAuthenticationOptions.SCHEME, DevelopmentSignIn.cookies(keys))
                        .addPolicyScheme(BEARER_OR_COOKIES, context -> context.header("Authorization") == null
                                && context.cookie(CookieAuthenticationOptions.DEFAULT_COOKIE_NAME) != null
                                ? CookieAuthenticationOptions.SCHEME : JwtBearerOptions.SCHEME)
                        .defaultScheme(BEARER_OR_COOKIES);
            }
            var authentication = schemes.build();
            app.use(authentication);
            app.use(Authorization.builder(authentication)
                    .policy(WRITE_POLICY, policy -> policy.requireAuthenticatedUser().requireScope("todos:write"))
                    .build());
            if (antiforgery != null) {
                // After the user is known: a request token is tied to it. A request with a bearer token is not asked.
                app.use(antiforgery);
            }
            signIn = app.isDevelopment() ? authentication : null;
        }
        DevelopmentSignIn.map(app, signIn, antiforgery);
        app.get("/healthz", HealthChecks.builder().check("store", store::isHealthy).build())
                .withName("health").withSummary("Whether the store answers").withTags("Health");
        app.mapOpenApi();      // GET /openapi/v1.json
        app.mapSwaggerUi();    // GET /swagger
        // The todos from a controller (TodoController, routes written at compile time), their
        // attachments from minimal-API routes: both in one router, with one kind of metadata. Every
        // write carries WRITE_POLICY (the controller's by @Authorize, the attachments' by their
        // group); the authorization middleware above enforces it when bearer tokens are configured,
        // and without them nothing does, so writes are open as they always were then.
        var todos = new TodoController(store, files);
        app.controllerFactory((type, context) -> type == TodoController.class ? todos : null);
        app.mapControllers();
        var reads = app.mapGroup("/todos");
        var writes = app.mapGroup("/todos").requireAuthorization(WRITE_POLICY);
        mapAttachments(reads, writes, store, files);
        mapEvents(reads, feed);
        TodoLive.map(reads, feed);
        return app;
    }

    /**
     * {@code GET /todos/events}: the feed as server-sent events, each change an event {@code todo}
     * whose id is the change's, so that a browser's {@code EventSource} resumes where it stopped
     * ({@code Last-Event-ID}). Anonymous, as every read. The stream lasts until the client leaves,
     * falls too far behind (it reconnects and is replayed the rest), or the server stops.
     */
    private static void mapEvents(RouteGroup reads, TodoFeed feed) {
        reads.get("/events", context -> Results.serverSentEvents(events -> {
            try (var subscription = feed.subscribe(events.lastEventId())) {
                for (TodoFeed.Change change; (change = subscription.take()) != null; ) {
                    events.send(ServerSentEvent.of(change.json()).withEvent("todo").withId(Long.toString(change.id())));
                }
            }
        })).withName("todoEvents").withTags("Todo").withSummary("Streams every change to the todos as server-sent events")
                .withDescription("Each create, update (attachments included) and delete is an event 'todo' with data"
                        + " {\"type\": \"created\" | \"updated\" | \"deleted\", \"todo\": {...}} and an increasing id;"
                        + " Last-Event-ID replays the changes after it that are still kept.")
                .produces(200, String.class, "text/event-stream");
    }

    private static void mapAttachments(RouteGroup reads, RouteGroup writes, TodoStore store, AttachmentFiles files) {
        writes.post("/{id:int}/attachments", context -> {
            int id = context.route("id", int.class);
            if (!store.exists(id)) {
                return noTodo(context.route("id"));
            }
            // The server's and the form's body limits stay above the attachment's: its own limit,
            // checked as the bytes arrive, is the one that answers.
            long allowance = files.maxBytes() + 64 * 1024;
            if (context.request().maxBodySize() < allowance) {
                context.request().maxBodySize(allowance);
            }
            if (context.formOptions().bodyLengthLimit() < allowance) {
                context.formOptions(context.formOptions().toBuilder().bodyLengthLimit(allowance).build());
            }
            MultipartReader parts = context.multipart();
            for (MultipartSection part; (part = parts.next()) != null; ) {
                if (part.name().equals("file") && part.fileName() != null) {
                    String name = part.safeFileName();
                    Attachment saved = files.save(id, name, part);
                    if (!store.putAttachment(id, saved)) {
                        files.delete(id, name); // the todo was deleted meanwhile
                        return noTodo(context.route("id"));
                    }
                    return Results.created("/todos/" + id + "/attachments/" + pathSegment(name), saved);
                }
            }
            return Results.badRequest("the form has no file in a field named 'file'");
        }).withName("addAttachment").withTags("Attachments")
                .withSummary("Attaches a file to a todo").withDescription("multipart/form-data with the file in a field named 'file'")
                .produces(201, Attachment.class).producesProblem(404).producesProblem(413);
        reads.get("/{id:int}/attachments/{name}", context -> {
            int id = context.route("id", int.class);
            Attachment attachment = store.attachment(id, context.route("name"));
            if (attachment == null) {
                return Results.problem(404, "todo " + id + " has no attachment '" + context.route("name") + "'");
            }
            // Served as a download and never sniffed: the bytes and their type come from a client,
            // and must not run as a page of this site.
            context.response().headers().set("Content-Disposition", "attachment; filename*=UTF-8''" + pathSegment(attachment.name()));
            context.response().headers().set("X-Content-Type-Options", "nosniff");
            return Results.file(files.file(id, attachment.name()), attachment.contentType());
        }).withName("getAttachment").withTags("Attachments").withSummary("Downloads an attachment")
                .produces(200, byte[].class, "application/octet-stream").producesProblem(404);
        writes.delete("/{id:int}/attachments/{name}", context -> {
            int id = context.route("id", int.class);
            if (!store.removeAttachment(id, context.route("name"))) {
                return Results.problem(404, "todo " + id + " has no attachment '" + context.route("name") + "'");
            }
            files.delete(id, context.route("name"));
            return Results.noContent();
        }).withName("deleteAttachment").withTags("Attachments").withSummary("Deletes an attachment")
                .produces(204, null).producesProblem(404);
    }

    private static Result noTodo(String id) {
        return Results.problem(404, "no todo " + id);
    }

    static Result noTodo(int id) {
        return noTodo(Integer.toString(id));
    }

    /** {@code name} percent-encoded as UTF-8 for a path segment or an RFC 8187 value (a space is %20, not +). */
    private static String pathSegment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean servesHttpAndHttps(List<String> urls) {
        boolean https = urls.stream().anyMatch(url -> url.strip().regionMatches(true, 0, "https://", 0, 8));
        boolean http = urls.stream().anyMatch(url -> url.strip().regionMatches(true, 0, "http://", 0, 7));
        return https && http;
    }
}
