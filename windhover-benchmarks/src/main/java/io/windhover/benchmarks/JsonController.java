package io.windhover.benchmarks;

import io.windhover.web.controller.Controller;
import io.windhover.web.controller.Get;
import io.windhover.web.controller.Lifetime;

/**
 * The {@code web-json} endpoint of {@link Http1ConnectionBenchmark} as a controller method, so the
 * two can be compared ({@code web-controller}): the processor writes {@code JsonControllerRoutes},
 * whose lambda asks {@code ControllerInstances} for the instance and calls the method.
 * Per request, the default, as the costlier lifetime.
 */
@Controller(lifetime = Lifetime.PER_REQUEST)
public class JsonController {

    /** The TechEmpower json message. */
    @Get("/json")
    Http1ConnectionBenchmark.Message json() {
        return new Http1ConnectionBenchmark.Message("Hello, World!");
    }
}
