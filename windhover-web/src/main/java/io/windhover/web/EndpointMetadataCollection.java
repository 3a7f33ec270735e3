package io.windhover.web;

import java.util.List;

/**
 * What is known of an endpoint besides its handler: the objects its groups and the route itself
 * were given ({@link RouteHandlerBuilder#withMetadata}, {@link RouteGroup#withMetadata}, the
 * conventions built on them, or a controller's annotations through the processor), outer groups
 * first and the route's own last, so that the most specific comes last. ASP.NET Core's
 * {@code EndpointMetadataCollection}. Middleware reads it for the request's endpoint through
 * {@link WebContext#endpointMetadata()}: authorization reads {@link AuthorizeData} and
 * {@link AllowAnonymousMetadata}; the OpenAPI document reads every {@link EndpointDescription}
 * (and leaves out endpoints with {@link ExcludeFromDescriptionMetadata}) when the application starts.
 *
 * <pre>{@code
 * AuthorizeData last = context.endpointMetadata().last(AuthorizeData.class);   // or null
 * List<AuthorizeData> all = context.endpointMetadata().all(AuthorizeData.class);
 * }</pre>
 *
 * <p>Immutable; thread-safe. Equal only to itself: there is one per endpoint, so middleware may
 * cache what it derives from it (a combined authorization policy) by identity.
 */
public final class EndpointMetadataCollection {

    private static final EndpointMetadataCollection EMPTY = new EndpointMetadataCollection(List.of());

    private final List<Object> items;

    /** @param items every item, in the order given */
    public EndpointMetadataCollection(List<Object> items) {
        this.items = List.copyOf(items);
    }

    /** Every item, in the order given. */
    public List<Object> items() {
        return items;
    }

    /** No metadata: a request no route matched. */
    public static EndpointMetadataCollection empty() {
        return EMPTY;
    }

    /** The last item that is a {@code type}, or null: the most specific, as ASP.NET's {@code GetMetadata<T>}. */
    public <T> T last(Class<T> type) {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (type.isInstance(items.get(i))) {
                return type.cast(items.get(i));
            }
        }
        return null;
    }

    /** Every item that is a {@code type}, in order. */
    public <T> List<T> all(Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Whether an item is a {@code type}. */
    public boolean has(Class<?> type) {
        return last(type) != null;
    }

    @Override
    public String toString() {
        return "EndpointMetadataCollection" + items;
    }
}
