package io.windhover.web;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The responses endpoints return, ASP.NET Core's {@code Results}.
 *
 * <pre>{@code
 * app.post("/todos", context -> {
 *     Todo todo = todos.add(context.body(NewTodo.class));
 *     return Results.created("/todos/" + todo.id(), todo);
 * });
 * }</pre>
 */
public final class Results {

    private Results() {
    }

    /** 200 with {@code text} as {@code text/plain; charset=utf-8}. */
    public static Result text(String text) {
        return text(text, "text/plain; charset=utf-8");
    }

    public static Result text(String text, String contentType) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return bytes(body, contentType);
    }

    /** 200 with {@code value} serialised as JSON. */
    public static Result json(Object value) {
        return json(200, value);
    }

    public static Result json(int status, Object value) {
        return context -> {
            context.response().status(status);
            context.writeJson(value, "application/json");
        };
    }

    /** 200 with these bytes. */
    public static Result bytes(byte[] body, String contentType) {
        Objects.requireNonNull(body, "body");
        return context -> {
            context.response().headers().set("Content-Type", contentType);
            context.response().body().write(body);
        };
    }

    /** 200 with what {@code body} holds, copied as it is read, then closed. */
    public static Result stream(InputStream body, String contentType) {
        return context -> {
            context.response().headers().set("Content-Type", contentType);
            try (body) {
                body.transferTo(context.response().body());
            }
        };
    }

    /**
     * 200 with a file's bytes, typed by its extension ({@code application/octet-stream} when the
     * extension is not known), with validators, conditional requests and one byte range as
     * {@link io.windhover.web.middleware.StaticFiles} answers them; 404 problem details if there is
     * no such file.
     */
    public static Result file(Path path) {
        String type = path.getFileName() == null ? null : ContentTypes.forFileName(path.getFileName().toString());
        return file(path, type != null ? type : "application/octet-stream");
    }

    /** As {@link #file(Path)}, with {@code contentType}. */
    public static Result file(Path path, String contentType) {
        return new FileResult(Objects.requireNonNull(path, "path"), Objects.requireNonNull(contentType, "contentType"));
    }

    /**
     * 200 with a stream of server-sent events ({@code text/event-stream}) that {@code producer}
     * writes for as long as it runs, with a heartbeat after every
     * {@value ServerSentEventOptions#DEFAULT_HEARTBEAT_SECONDS} s of silence. ASP.NET Core's
     * {@code TypedResults.ServerSentEvents}. The producer runs on the request's thread and may block
     * waiting for its next event; when the client goes away its next send throws and its thread is
     * interrupted (see {@link ServerSentEventProducer}).
     *
     * <pre>{@code
     * app.get("/news", context -> Results.serverSentEvents(events -> {
     *     var subscription = newsroom.subscribe(events.lastEventId());   // resume after what the client saw
     *     try (subscription) {
     *         while (true) {
     *             Story story = subscription.take();                      // interrupted when the client leaves
     *             events.send(ServerSentEvent.of(story.json()).withEvent("story").withId(story.id()));
     *         }
     *     }
     * }));
     * }</pre>
     */
    public static Result serverSentEvents(ServerSentEventProducer producer) {
        return serverSentEvents(ServerSentEventOptions.defaults(), producer);
    }

    /** As {@link #serverSentEvents(ServerSentEventProducer)}, with another heartbeat interval or scheduler. */
    public static Result serverSentEvents(ServerSentEventOptions options, ServerSentEventProducer producer) {
        return new ServerSentEventsResult(options, producer);
    }

    /** Only a status, no body. */
    public static Result status(int status) {
        return context -> context.response().status(status);
    }

    /** 204 No Content. */
    public static Result noContent() {
        return status(204);
    }

    /** 404 with problem details. */
    public static Result notFound() {
        return problem(ProblemDetails.of(404, null));
    }

    /** 302 Found to {@code location}. */
    public static Result redirect(String location) {
        return redirect(location, 302);
    }

    /** 308 Permanent Redirect, or 307 Temporary Redirect: the method and body are kept. */
    public static Result redirect(String location, boolean permanent) {
        return redirect(location, permanent ? 308 : 307);
    }

    private static Result redirect(String location, int status) {
        Objects.requireNonNull(location, "location");
        return context -> {
            context.response().status(status);
            context.response().headers().set("Location", location);
        };
    }

    /** 201 Created with a {@code Location} and the created resource as JSON. */
    public static Result created(String location, Object value) {
        return context -> {
            context.response().status(201);
            context.response().headers().set("Location", location);
            context.writeJson(value, "application/json");
        };
    }

    /** 400 with problem details saying what is wrong. */
    public static Result badRequest(String detail) {
        return problem(ProblemDetails.of(400, detail));
    }

    /** RFC 9457 problem details as {@code application/problem+json}. */
    public static Result problem(ProblemDetails problem) {
        return context -> {
            context.response().status(problem.status());
            context.writeJson(problem.members(), "application/problem+json");
        };
    }

    public static Result problem(int status, String detail) {
        return problem(ProblemDetails.of(status, detail));
    }
}
