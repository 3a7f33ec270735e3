package io.windhover.web;

import io.windhover.web.routing.Router;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the pipeline: takes the route the request matched (ASP.NET Core's endpoint routing
 * selects it before middleware runs; here it is matched on first need, by middleware that reads
 * {@link WebContext#endpointMetadata()} or else here), runs its endpoint, answers 404 when no route matches
 * the path and 405 with {@code Allow} when routes match it for other methods. A binding failure
 * becomes a 400 with problem details naming the parameter, a validation failure a 400 with the
 * errors by property path (ASP.NET Core's {@code ValidationProblemDetails}); a request the server refused while the
 * endpoint read its body (over the size limit, malformed chunks) becomes problem details with the
 * server's status, 413 or 400.
 */
final class EndpointRouting implements RequestDelegate {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRouting.class);

    @Override
    public void handle(WebContext context) throws Exception {
        // The match is the one middleware saw through context.endpointMetadata(), made once.
        switch (context.match()) {
            case Router.Match.Found<RouteTarget>(var route, var values) -> {
                context.routeValues(values);
                run(context, route.target().delegate());
            }
            case Router.Match.MethodNotAllowed<RouteTarget>(var allowed) -> {
                context.response().status(405);
                context.response().headers().set("Allow", String.join(", ", allowed));
            }
            case Router.Match.NotFound<RouteTarget>() -> context.response().status(404);
        }
    }

    private static void run(WebContext context, RequestDelegate endpoint) throws Exception {
        try {
            endpoint.handle(context);
        } catch (BindingException e) {
            answer(context, e, new ProblemDetails(null, "Bad Request", 400, e.getMessage(), Map.of("parameter", e.parameter())));
        } catch (ValidationFailedException e) {
            answer(context, e, e.problem());
        } catch (Exception e) {
            BadHttpRequestException bad = BadHttpRequestException.in(e);
            if (bad == null) {
                throw e;
            }
            LOG.debug("connection {}: bad request {} {}, answered {}: {}", context.http().connectionId(),
                    context.request().method(), context.request().path(), bad.status(), bad.getMessage());
            answer(context, e, ProblemDetails.of(bad.status(), bad.getMessage()));
        }
    }

    private static void answer(WebContext context, Exception failure, ProblemDetails problem) throws Exception {
        if (context.response().hasStarted()) {
            throw failure;
        }
        // What the endpoint said about its body goes; what middleware set (CORS, Vary) stays.
        context.response().discardBody();
        ProblemDetails.clearRepresentation(context.response().headers());
        Results.problem(problem).execute(context);
    }
}
