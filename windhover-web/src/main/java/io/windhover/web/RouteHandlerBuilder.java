package io.windhover.web;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One mapped route, to which metadata may be added until the application starts: what
 * {@code app.get(...)} and the other mapping methods return. ASP.NET Core's
 * {@code RouteHandlerBuilder} with its conventions: authorization ({@link AuthorizeData},
 * {@link AllowAnonymousMetadata}) and the OpenAPI description ({@link EndpointDescription}) go
 * into the same {@link EndpointMetadataCollection}, each convention adding one item.
 *
 * <pre>{@code
 * app.post("/todos", create).requireAuthorization("todos:write")
 *         .withName("createTodo").withTags("todos").accepts(TodoInput.class).produces(201, Todo.class);
 * app.get("/status", status).allowAnonymous().excludeFromDescription();
 * app.get("/todos", list).withMetadata(new RateLimit(100));       // any object middleware reads
 * }</pre>
 *
 * <p>Configured from one thread before {@link WebApplication#start()}; read once when the
 * application is built.
 */
public final class RouteHandlerBuilder {

    private final String method;
    private final String template;
    private final Endpoint endpoint;
    private final RouteGroup group;
    private final List<Object> metadata = new ArrayList<>();

    RouteHandlerBuilder(String method, String template, Endpoint endpoint, RouteGroup group) {
        this.method = method;
        this.template = template;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.group = group;
    }

    /** The method the route answers, or {@link io.windhover.web.routing.Router#ANY_METHOD}. */
    public String method() {
        return method;
    }

    /** The route's template, its groups' prefixes included. */
    public String template() {
        return template;
    }

    /** Adds metadata items, after those given before and after its groups'. */
    public RouteHandlerBuilder withMetadata(Object... items) {
        for (Object item : items) {
            metadata.add(Objects.requireNonNull(item, "item"));
        }
        return this;
    }

    /**
     * Requires every one of {@code policies} (named policies), or with none the default policy (an
     * authenticated user); adds an {@link AuthorizeData} per policy. An authorization middleware
     * enforces it.
     */
    public RouteHandlerBuilder requireAuthorization(String... policies) {
        return withMetadata(authorizeData(policies));
    }

    /** Requires the default policy (an authenticated user, unless the application says otherwise). */
    public RouteHandlerBuilder requireAuthorization() {
        return withMetadata(AuthorizeData.defaultPolicy());
    }

    /** Requires what each {@link AuthorizeData} says (roles, schemes, a policy). */
    public RouteHandlerBuilder requireAuthorization(AuthorizeData... data) {
        return withMetadata((Object[]) data);
    }

    /** Lets anyone call this endpoint ({@link AllowAnonymousMetadata}). */
    public RouteHandlerBuilder allowAnonymous() {
        return withMetadata(AllowAnonymousMetadata.INSTANCE);
    }

    /** Names the operation in the OpenAPI document (its {@code operationId}, unique there). */
    public RouteHandlerBuilder withName(String name) {
        return withMetadata(EndpointDescription.builder().name(name).build());
    }

    /** Gives the operation a one-line summary in the OpenAPI document. */
    public RouteHandlerBuilder withSummary(String summary) {
        return withMetadata(EndpointDescription.builder().summary(summary).build());
    }

    /** Gives the operation a longer description in the OpenAPI document. */
    public RouteHandlerBuilder withDescription(String description) {
        return withMetadata(EndpointDescription.builder().description(description).build());
    }

    /** Lists the operation under {@code tags} in the OpenAPI document. */
    public RouteHandlerBuilder withTags(String... tags) {
        return withMetadata(EndpointDescription.builder().tags(tags).build());
    }

    /** Says the endpoint reads a JSON body bound to {@code type}. */
    public RouteHandlerBuilder accepts(Type type) {
        return withMetadata(EndpointDescription.builder().accepts(type).build());
    }

    /** Says the endpoint reads a body of {@code type} in {@code contentType} (a form's type, say). */
    public RouteHandlerBuilder accepts(Type type, String contentType) {
        return withMetadata(EndpointDescription.builder().accepts(type, contentType).build());
    }

    /** Says the endpoint answers {@code status} with a JSON body of {@code type}. */
    public RouteHandlerBuilder produces(int status, Type type) {
        return withMetadata(EndpointDescription.builder().produces(status, type).build());
    }

    /** Says the endpoint answers {@code status} with a body of {@code type} in {@code contentType}; a null type for none. */
    public RouteHandlerBuilder produces(int status, Type type, String contentType) {
        return withMetadata(EndpointDescription.builder().produces(status, type, contentType).build());
    }

    /** Says the endpoint answers {@code status} with problem details ({@code application/problem+json}). */
    public RouteHandlerBuilder producesProblem(int status) {
        return withMetadata(EndpointDescription.builder().producesProblem(status).build());
    }

    /** Leaves the endpoint out of the OpenAPI document ({@link ExcludeFromDescriptionMetadata}). */
    public RouteHandlerBuilder excludeFromDescription() {
        return withMetadata(ExcludeFromDescriptionMetadata.INSTANCE);
    }

    static Object[] authorizeData(String... policies) {
        if (policies.length == 0) {
            return new Object[] {AuthorizeData.defaultPolicy()};
        }
        Object[] data = new Object[policies.length];
        for (int i = 0; i < policies.length; i++) {
            data[i] = AuthorizeData.policy(policies[i]);
        }
        return data;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    RouteGroup group() {
        return group;
    }

    /** Its groups' metadata, outer first, then its own: a new collection each call, so call it once per endpoint. */
    EndpointMetadataCollection metadata() {
        List<Object> all = group == null ? new ArrayList<>() : group.metadataChain();
        all.addAll(metadata);
        return new EndpointMetadataCollection(all);
    }
}
