package io.windhover.web.middleware;

import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request, when it ends: method, path, status, body bytes and duration — the
 * line an operator greps for. Logged at INFO on the {@code io.windhover.web.requests} logger; a
 * request that failed is logged with status 500 and the exception's class.
 *
 * <pre>{@code
 * app.use(new RequestLogging());   // GET /todos/1 -> 200, 52 B, 0.41 ms
 * }</pre>
 */
public final class RequestLogging implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger("io.windhover.web.requests");

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        long start = System.nanoTime();
        try {
            next.handle(context);
        } catch (Exception | Error e) {
            log(context, start, 500, " (" + e.getClass().getSimpleName() + ")");
            throw e;
        }
        log(context, start, context.response().status(), "");
    }

    private static void log(WebContext context, long start, int status, String failure) {
        if (LOG.isInfoEnabled()) {
            double millis = (System.nanoTime() - start) / 1e6;
            LOG.info("{} {}{} -> {}, {} B, {} ms{}", context.request().method(), context.request().path(),
                    context.request().query(), status, context.response().bytesWritten(),
                    String.format(java.util.Locale.ROOT, "%.2f", millis), failure);
        }
    }
}
