package io.windhover.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A health endpoint: each named check answers whether its part works; the endpoint answers
 * {@code 200} with {@code "Healthy"} when all do, {@code 503} with {@code "Unhealthy"} when one does
 * not, with each check's state as JSON. A check that throws counts as unhealthy; its exception's
 * class is shown, not its message. ASP.NET Core's {@code MapHealthChecks}.
 *
 * <pre>{@code
 * app.get("/healthz", HealthChecks.builder().check("database", () -> database.ping()).build());
 * }</pre>
 */
public final class HealthChecks implements Endpoint {

    private final Map<String, Callable<Boolean>> checks;

    private HealthChecks(Map<String, Callable<Boolean>> checks) {
        this.checks = Map.copyOf(checks);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Object handle(WebContext context) {
        Map<String, String> states = new LinkedHashMap<>();
        boolean healthy = true;
        for (var check : new java.util.TreeMap<>(checks).entrySet()) {
            String state;
            try {
                state = Boolean.TRUE.equals(check.getValue().call()) ? "Healthy" : "Unhealthy";
            } catch (Exception e) {
                state = "Unhealthy (" + e.getClass().getSimpleName() + ")";
            }
            healthy &= state.equals("Healthy");
            states.put(check.getKey(), state);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", healthy ? "Healthy" : "Unhealthy");
        report.put("checks", states);
        return Results.json(healthy ? 200 : 503, report);
    }

    /** Collects named checks. */
    public static final class Builder {
        private final Map<String, Callable<Boolean>> checks = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder check(String name, Callable<Boolean> check) {
            checks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
            return this;
        }

        public HealthChecks build() {
            return new HealthChecks(checks);
        }
    }
}
