package io.windhover.web;

import io.windhover.web.routing.Router;
import java.util.Map;

/**
 * The end of the pipeline: finds the route, runs its endpoint, answers 404 when no route matches
 * the path and 405 with {@code Allow} when routes match it for other methods. A binding failure
 * becomes a 400 with problem details naming the parameter.
 */
final class EndpointRouting implements RequestDelegate {

    private final Router<RequestDelegate> router;

    EndpointRouting(Router<RequestDelegate> router) {
        this.router = router;
    }

    @Override
    public void handle(WebContext context) throws Exception {
        switch (router.match(context.request().method(), context.request().path())) {
            case Router.Match.Found<RequestDelegate>(var route, var values) -> {
                context.routeValues(values);
                try {
                    route.target().handle(context);
                } catch (BindingException e) {
                    if (context.response().hasStarted()) {
                        throw e;
                    }
                    // What the endpoint said about its body goes; what middleware set (CORS, Vary) stays.
                    ProblemDetails.clearRepresentation(context.response().headers());
                    Results.problem(new ProblemDetails(null, "Bad Request", 400, e.getMessage(),
                            Map.of("parameter", e.parameter()))).execute(context);
                }
            }
            case Router.Match.MethodNotAllowed<RequestDelegate>(var allowed) -> {
                context.response().status(405);
                context.response().headers().set("Allow", String.join(", ", allowed));
            }
            case Router.Match.NotFound<RequestDelegate>() -> context.response().status(404);
        }
    }
}
