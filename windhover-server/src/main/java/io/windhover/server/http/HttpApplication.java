package io.windhover.server.http;

/**
 * What the server runs for each request: the seam between the server and everything above it
 * (Kestrel's {@code IHttpApplication}). The web layer implements it; so can a bare handler.
 *
 * <pre>{@code
 * HttpApplication hello = context -> {
 *     context.response().headers().set("Content-Type", "text/plain");
 *     context.response().body().write("Hello, World!".getBytes(StandardCharsets.US_ASCII));
 * };
 * }</pre>
 *
 * <p>Called on the request's virtual thread; it may block. An exception before the response has
 * started is answered with 500; after, the connection is aborted.
 */
@FunctionalInterface
public interface HttpApplication {

    void process(HttpContext context) throws Exception;
}
