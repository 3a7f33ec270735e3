package io.windhover.web.middleware;

import io.windhover.web.BadHttpRequestException;
import io.windhover.web.Middleware;
import io.windhover.web.ProblemDetails;
import io.windhover.web.RequestDelegate;
import io.windhover.web.Results;
import io.windhover.web.WebContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception that escapes the rest of the pipeline into a {@code 500} with RFC 9457
 * problem details, logged once with the request it broke. The stack trace goes into the answer
 * only in development, never in production. A request refused for what the client sent (a
 * {@link BadHttpRequestException}, or the server's own rejection of a body over its size limit or
 * with malformed chunks) is answered with its own status (413, 400) and logged at DEBUG without a
 * stack trace: it is not a bug. An exception after the response started cannot be answered any
 * more: it goes on to the server, which aborts the connection. Register it first.
 *
 * <pre>{@code
 * app.use(new ExceptionHandler(app.isDevelopment()));
 * }</pre>
 */
public final class ExceptionHandler implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

    private final boolean showDetails;

    /** @param showDetails whether the answer carries the exception and its stack trace (development only) */
    public ExceptionHandler(boolean showDetails) {
        this.showDetails = showDetails;
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        try {
            next.handle(context);
        } catch (Exception | LinkageError | AssertionError e) {
            if (context.response().hasStarted()) {
                throw e;
            }
            BadHttpRequestException bad = BadHttpRequestException.in(e);
            if (bad != null) {
                answerBadRequest(context, bad);
            } else {
                answerFailure(context, e);
            }
        }
    }

    private static void answerBadRequest(WebContext context, BadHttpRequestException bad) throws Exception {
        LOG.debug("bad request {} {} (connection {}), answered {}: {}", context.request().method(),
                context.request().path(), context.http().connectionId(), bad.status(), bad.getMessage());
        context.response().discardBody();
        ProblemDetails.clearRepresentation(context.response().headers());
        Results.problem(ProblemDetails.of(bad.status(), bad.getMessage())).execute(context);
    }

    private void answerFailure(WebContext context, Throwable e) throws Exception {
        LOG.error("unhandled exception for {} {} (connection {})", context.request().method(), context.request().path(),
                context.http().connectionId(), e);
        context.response().discardBody(); // what the failed handler wrote must not precede the problem
        ProblemDetails.clearRepresentation(context.response().headers());
        Map<String, Object> extensions = showDetails ? Map.of("exception", e.toString(), "stackTrace", stackTrace(e)) : Map.of();
        Results.problem(new ProblemDetails(null, "Internal Server Error", 500,
                showDetails ? e.getMessage() : "An error occurred while processing the request.", extensions)).execute(context);
    }

    private static String stackTrace(Throwable e) {
        var text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
