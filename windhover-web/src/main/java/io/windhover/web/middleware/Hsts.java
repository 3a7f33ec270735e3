package io.windhover.web.middleware;

import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Tells browsers to reach this host over https only, for {@code max-age} from now: the
 * {@code Strict-Transport-Security} header of RFC 6797, ASP.NET Core's {@code UseHsts}, with its
 * defaults — 30 days, without {@code includeSubDomains} or {@code preload}, and never for
 * {@code localhost}, {@code 127.0.0.1} or {@code [::1]}, since a browser that pinned the loopback
 * to https would refuse every plain development server on it until max-age ran out.
 *
 * <pre>{@code
 * app.use(Hsts.defaults());                  // Strict-Transport-Security: max-age=2592000
 * app.use(Hsts.builder().maxAge(Duration.ofDays(365)).includeSubDomains(true).preload(true).build());
 * }</pre>
 *
 * <p>Put it before the middleware that answers (static files, endpoints), so every https response
 * carries the header. Immutable and thread-safe.
 */
public final class Hsts implements Middleware {

    /** 30 days, ASP.NET Core's {@code HstsOptions.MaxAge}. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    /** ASP.NET Core's {@code HstsOptions.ExcludedHosts}. */
    public static final Set<String> DEFAULT_EXCLUDED_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    /** hstspreload.org accepts a site for the browsers' preload lists only with a max-age of a year or more. */
    private static final Duration PRELOAD_MIN_MAX_AGE = Duration.ofDays(365);

    private final String value;
    private final Set<String> excludedHosts;

    private Hsts(String value, Set<String> excludedHosts) {
        this.value = value;
        this.excludedHosts = excludedHosts;
    }

    /** {@code max-age=2592000} on https responses to any host but the loopback's names. */
    public static Hsts defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The header's value: {@code max-age=31536000; includeSubDomains; preload}. */
    public String headerValue() {
        return value;
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        // RFC 6797 §7.2: "An HSTS Host MUST NOT include the STS header field in HTTP responses
        // conveyed over non-secure transport."
        if (context.scheme().equals("https") && !isExcluded(HostName.withoutPort(context.host()))) {
            context.response().headers().set("Strict-Transport-Security", value);
        }
        next.handle(context);
    }

    private boolean isExcluded(String host) {
        return host == null || excludedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Builds an {@link Hsts}. */
    public static final class Builder {
        private Duration maxAge = DEFAULT_MAX_AGE;
        private boolean includeSubDomains;
        private boolean preload;
        private Set<String> excludedHosts = DEFAULT_EXCLUDED_HOSTS;

        private Builder() {
        }

        /**
         * How long browsers keep to https, in whole seconds. Zero is allowed: RFC 6797 §6.1.1 makes
         * it tell a browser to forget the host, the way back from HSTS.
         */
        public Builder maxAge(Duration maxAge) {
            if (Objects.requireNonNull(maxAge, "maxAge").isNegative()) {
                throw new IllegalArgumentException("max-age cannot be negative: " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Whether every subdomain is held to https too (RFC 6797 §6.1.2); check they all serve https first. */
        public Builder includeSubDomains(boolean include) {
            this.includeSubDomains = include;
            return this;
        }

        /**
         * Whether to ask for the browsers' preload lists (hstspreload.org; not in RFC 6797). Needs
         * {@code includeSubDomains} and a max-age of at least a year, which that list requires.
         */
        public Builder preload(boolean preload) {
            this.preload = preload;
            return this;
        }

        /** Hosts that never get the header, replacing {@link #DEFAULT_EXCLUDED_HOSTS}; IPv6 literals in brackets. */
        public Builder excludedHosts(String... hosts) {
            this.excludedHosts = Stream.of(hosts).map(host -> host.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            return this;
        }

        /** @throws IllegalStateException for preload without includeSubDomains or with a max-age under a year */
        public Hsts build() {
            if (preload && (!includeSubDomains || maxAge.compareTo(PRELOAD_MIN_MAX_AGE) < 0)) {
                throw new IllegalStateException("preload needs includeSubDomains and a max-age of at least 365 days "
                        + "(hstspreload.org refuses the site otherwise); max-age is " + maxAge.toDays() + " days");
            }
            String value = "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "")
                    + (preload ? "; preload" : "");
            return new Hsts(value, excludedHosts);
        }
    }
}
