package io.windhover.web.middleware;

import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol) for one policy: which origins
 * may call, with which methods and headers, with or without credentials. Preflight requests
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) are answered here with 204; other
 * cross-origin requests go on and get the allow headers on their response. A request from an
 * origin the policy does not allow gets no CORS headers, so the browser withholds the response
 * from the page. ASP.NET Core's {@code CorsMiddleware}.
 *
 * <pre>{@code
 * app.use(Cors.policy().allowOrigins("http://localhost:3000").allowMethods("GET", "POST")
 *         .allowHeaders("Content-Type").build());
 * }</pre>
 */
public final class Cors implements Middleware {

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final boolean anyHeader;
    private final List<String> exposedHeaders;
    private final boolean credentials;
    private final Duration maxAge;

    private Cors(Builder builder) {
        this.origins = Set.copyOf(builder.origins);
        this.anyOrigin = builder.anyOrigin;
        this.methods = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(builder.methods)); // in the order given
        this.headers = Set.copyOf(builder.headers);
        this.anyHeader = builder.anyHeader;
        this.exposedHeaders = List.copyOf(builder.exposedHeaders);
        this.credentials = builder.credentials;
        this.maxAge = builder.maxAge;
    }

    public static Builder policy() {
        return new Builder();
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        String origin = context.header("Origin");
        if (origin == null) {
            next.handle(context);
            return;
        }
        var response = context.response().headers();
        response.add("Vary", "Origin");
        String requestedMethod = context.header("Access-Control-Request-Method");
        if (context.request().method().equals("OPTIONS") && requestedMethod != null) {
            // A preflight: answered here, whether or not the policy allows it.
            context.response().status(204);
            if (allowsOrigin(origin) && methods.contains(requestedMethod.strip().toUpperCase(Locale.ROOT))
                    && allowsHeaders(context.header("Access-Control-Request-Headers"))) {
                allowOrigin(context, origin);
                response.set("Access-Control-Allow-Methods", String.join(", ", methods));
                String requestedHeaders = context.header("Access-Control-Request-Headers");
                if (requestedHeaders != null && !requestedHeaders.isBlank()) {
                    response.set("Access-Control-Allow-Headers", requestedHeaders.strip());
                }
                if (maxAge != null) {
                    response.set("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
                }
            }
            return;
        }
        if (allowsOrigin(origin)) {
            allowOrigin(context, origin);
            if (!exposedHeaders.isEmpty()) {
                response.set("Access-Control-Expose-Headers", String.join(", ", exposedHeaders));
            }
        }
        next.handle(context);
    }

    private boolean allowsOrigin(String origin) {
        return anyOrigin || origins.contains(origin.strip().toLowerCase(Locale.ROOT));
    }

    private boolean allowsHeaders(String requested) {
        if (requested == null || requested.isBlank() || anyHeader) {
            return true;
        }
        for (String header : requested.split(",")) {
            String name = header.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !headers.contains(name)) {
                return false;
            }
        }
        return true;
    }

    private void allowOrigin(WebContext context, String origin) {
        var response = context.response().headers();
        // Fetch standard: a credentialed response must name its origin; "*" is never sent with credentials
        // (build() refuses any origin with credentials).
        response.set("Access-Control-Allow-Origin", anyOrigin ? "*" : origin.strip());
        if (credentials) {
            response.set("Access-Control-Allow-Credentials", "true");
        }
    }

    /** Builds a {@link Cors} policy; nothing is allowed until said. */
    public static final class Builder {
        private final Set<String> origins = new LinkedHashSet<>();
        private boolean anyOrigin;
        private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "POST"));
        private final Set<String> headers = new LinkedHashSet<>();
        private boolean anyHeader;
        private final Set<String> exposedHeaders = new LinkedHashSet<>();
        private boolean credentials;
        private Duration maxAge;

        private Builder() {
        }

        /** Origins as browsers send them, such as {@code https://app.example.com} (scheme, host, port). */
        public Builder allowOrigins(String... allowed) {
            for (String origin : allowed) {
                origins.add(origin.strip().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        public Builder allowAnyOrigin() {
            anyOrigin = true;
            return this;
        }

        /** The methods allowed (GET, HEAD and POST by default, the CORS-safelisted ones). */
        public Builder allowMethods(String... allowed) {
            methods.clear();
            for (String method : allowed) {
                methods.add(method.strip().toUpperCase(Locale.ROOT));
            }
            return this;
        }

        public Builder allowHeaders(String... allowed) {
            for (String header : allowed) {
                headers.add(header.strip().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        public Builder allowAnyHeader() {
            anyHeader = true;
            return this;
        }

        /** Response headers a page may read beyond the safelisted ones. */
        public Builder exposeHeaders(String... exposed) {
            exposedHeaders.addAll(List.of(exposed));
            return this;
        }

        /**
         * Whether cookies and authorization go with cross-origin requests. Only with
         * {@link #allowOrigins named origins}: {@link #build()} refuses it with {@link #allowAnyOrigin()}.
         */
        public Builder allowCredentials(boolean allow) {
            credentials = allow;
            return this;
        }

        /** How long a browser may cache a preflight's answer. */
        public Builder maxAge(Duration age) {
            maxAge = Objects.requireNonNull(age, "age");
            return this;
        }

        /**
         * @throws IllegalStateException without origins, or for any origin with credentials
         */
        public Cors build() {
            if (origins.isEmpty() && !anyOrigin) {
                throw new IllegalStateException("a CORS policy needs allowOrigins(...) or allowAnyOrigin()");
            }
            // Fetch standard: with credentials, "*" is not a wildcard, so any origin would have to be
            // echoed back — every site could then read the user's credentialed responses. ASP.NET
            // Core refuses this policy too.
            if (anyOrigin && credentials) {
                throw new IllegalStateException("a CORS policy cannot allow any origin with credentials;"
                        + " name the origins with allowOrigins(...)");
            }
            return new Cors(this);
        }
    }
}
