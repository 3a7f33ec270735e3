package io.windhover.web;

/**
 * The request's time limit, set on the request's features by the
 * {@link io.windhover.web.middleware.RequestTimeout} middleware while it watches the request. A
 * response meant to last — a stream of server-sent events, a long download — turns it off before
 * it starts. ASP.NET Core's {@code IHttpRequestTimeoutFeature}.
 *
 * <pre>{@code
 * RequestTimeoutFeature timeout = context.http().features().get(RequestTimeoutFeature.class);
 * if (timeout != null) {
 *     timeout.disableTimeout();
 * }
 * }</pre>
 */
public interface RequestTimeoutFeature {

    /** The time limit no longer applies to this request: it runs until it ends, or its client goes. */
    void disableTimeout();
}
