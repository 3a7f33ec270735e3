package io.windhover.web.middleware;

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
 * only in development, never in production. An exception after the response started cannot be
 * answered any more: it goes on to the server, which aborts the connection. Register it first.
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
            LOG.error("unhandled exception for {} {} (connection {})", context.request().method(), context.request().path(),
                    context.http().connectionId(), e);
            ProblemDetails.clearRepresentation(context.response().headers());
            Map<String, Object> extensions = showDetails ? Map.of("exception", e.toString(), "stackTrace", stackTrace(e)) : Map.of();
            Results.problem(new ProblemDetails(null, "Internal Server Error", 500,
                    showDetails ? e.getMessage() : "An error occurred while processing the request.", extensions)).execute(context);
        }
    }

    private static String stackTrace(Throwable e) {
        var text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
