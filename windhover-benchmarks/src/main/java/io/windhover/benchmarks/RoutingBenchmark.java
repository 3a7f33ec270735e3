package io.windhover.benchmarks;

import io.windhover.web.routing.Router;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matching a request path among 10, 100 and 1,000 routes with the web layer's {@link Router}: the
 * cost should follow the path's length, not the number of routes. Each route is
 * {@code /api/resourceN/{id:int}/items/{name}} next to a literal {@code /api/resourceN/health};
 * the benchmark matches the last route's parameterised path (a linear matcher's worst case) and a
 * path that matches nothing (404).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS})
@State(Scope.Thread)
public class RoutingBenchmark {

    @Param({"10", "100", "1000"})
    public int routes;

    private Router<Integer> router;
    private String lastRoutePath;

    @Setup
    public void build() {
        Router.Builder<Integer> builder = Router.builder();
        for (int i = 0; i < routes; i++) {
            builder.add("GET", "/api/resource" + i + "/{id:int}/items/{name}", i);
            builder.add("GET", "/api/resource" + i + "/health", -i);
        }
        router = builder.build();
        lastRoutePath = "/api/resource" + (routes - 1) + "/42/items/widget";
    }

    @Benchmark
    public Router.Match<Integer> matchParameterised() {
        return router.match("GET", lastRoutePath);
    }

    @Benchmark
    public Router.Match<Integer> matchNothing() {
        return router.match("GET", "/api/unknown/42/items/widget");
    }
}
