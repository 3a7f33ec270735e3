package io.windhover.web;

/**
 * A route's handler. What it returns becomes the response: a {@link Result} runs; a
 * {@code String} is sent as {@code text/plain}; a {@code byte[]} as
 * {@code application/octet-stream}; {@code null} leaves the response as the handler made it
 * (200 and no body unless it wrote one); anything else is serialised as JSON.
 *
 * <pre>{@code
 * app.get("/todos/{id:int}", context -> todos.find(context.route("id", int.class)));
 * }</pre>
 */
@FunctionalInterface
public interface Endpoint {

    Object handle(WebContext context) throws Exception;

    /**
     * {@code endpoint} with validation of what it binds turned off, for a route that takes values
     * its types' constraints would refuse (an import of old data, a draft saved half-filled).
     *
     * <pre>{@code
     * app.post("/drafts", Endpoint.withoutValidation(context -> drafts.save(context.body(Todo.class))));
     * }</pre>
     */
    static Endpoint withoutValidation(Endpoint endpoint) {
        java.util.Objects.requireNonNull(endpoint, "endpoint");
        return context -> {
            context.validation(false);
            return endpoint.handle(context);
        };
    }
}
