package io.windhover.web.middleware;

import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebApplication;
import io.windhover.web.WebContext;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redirects a request that came over plain HTTP to the same URL over https: ASP.NET Core's
 * {@code UseHttpsRedirection}. {@code 307 Temporary Redirect} by default, which keeps the method
 * and body; {@code 308} or {@code 301} once the site is sure to stay on https, since clients cache
 * a permanent redirect. A request that came over https — or that a trusted proxy says did, see
 * {@link ForwardedHeaders} — passes untouched.
 *
 * <pre>{@code
 * app.use(HttpsRedirection.to(app));                                 // to the port app serves https on
 * app.use(HttpsRedirection.builder().status(308).port(443).build()); // behind a proxy serving 443
 * }</pre>
 *
 * <p>The port is the one given, else that of the application's {@code https} listening URLs,
 * looked up at the first plain request (after start, when port 0 has become a port). With no https
 * URL it logs once and lets plain requests through, as ASP.NET Core does; with https URLs on two
 * ports it cannot choose, and fails each plain request (500) until a port is given. Thread-safe.
 */
public final class HttpsRedirection implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsRedirection.class);
    /** The port is not looked up yet. */
    private static final int UNKNOWN = 0;
    /** No https URL: plain requests pass. */
    private static final int NONE = -1;

    private final int status;
    private final Supplier<List<String>> listeningUrls;
    /** The https port; {@link #UNKNOWN} until the first plain request looks it up. */
    private volatile int port;

    private HttpsRedirection(Builder builder) {
        this.status = builder.status;
        this.listeningUrls = builder.listeningUrls;
        this.port = builder.port;
    }

    /** 307 to the port {@code app} listens on for https. */
    public static HttpsRedirection to(WebApplication app) {
        return builder().portFrom(app::listeningUrls).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        String path = context.request().path();
        String host = HostName.withoutPort(context.host());
        // HTTP/1.0 may come without Host, and "OPTIONS *" names no resource: no URL to send them to.
        int target = context.scheme().equals("https") || host == null || !path.startsWith("/") ? NONE : httpsPort();
        if (target == NONE) {
            next.handle(context);
            return;
        }
        // RFC 9110 §4.2.2: 443 is https's default port, so the URL leaves it out.
        String authority = target == 443 ? host : host + ":" + target;
        context.response().status(status);
        context.response().headers().set("Location", "https://" + authority + path + context.request().query());
    }

    private int httpsPort() {
        int known = port;
        if (known == UNKNOWN) {
            known = portOf(listeningUrls.get());
            port = known; // a race computes the same value twice; both are right
        }
        return known;
    }

    private static int portOf(List<String> urls) {
        Set<Integer> ports = new TreeSet<>();
        for (String url : urls) {
            try {
                URI uri = URI.create(url);
                if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getPort() > 0) {
                    ports.add(uri.getPort()); // https://unix:/path has none: nothing to redirect to
                }
            } catch (IllegalArgumentException notAnAddress) {
                // a handed-in channel's URL names no port either
            }
        }
        if (ports.size() > 1) {
            throw new IllegalStateException("cannot choose the https port to redirect to: the application listens on "
                    + ports + "; give it with HttpsRedirection.builder().port(...)");
        }
        if (ports.isEmpty()) {
            LOG.warn("no https URL to redirect to: plain HTTP requests are served as they came; "
                    + "listen on an https URL or give HttpsRedirection.builder().port(...)");
            return NONE;
        }
        return ports.iterator().next();
    }

    /** Builds an {@link HttpsRedirection}: a port, or where to find it, and the status. */
    public static final class Builder {
        private int status = 307;
        private int port = UNKNOWN;
        private Supplier<List<String>> listeningUrls;

        private Builder() {
        }

        /**
         * {@code 307} (the default) or {@code 302} keep the client on the plain URL for the next
         * request; {@code 308} or {@code 301} are cached as permanent. 307 and 308 keep the method
         * and body (RFC 9110 §15.4.8, §15.4.9); a client may turn a 301's or 302's POST into GET.
         */
        public Builder status(int status) {
            if (status != 301 && status != 302 && status != 307 && status != 308) {
                throw new IllegalArgumentException("a redirect status is 301, 302, 307 or 308, not " + status);
            }
            this.status = status;
            return this;
        }

        /** The https port to redirect to: the one clients reach, which behind a proxy is not the one listened on. */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("a port is 1 to 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Where to find the https port when none is given: {@code app::listeningUrls}, read at the first plain request. */
        public Builder portFrom(Supplier<List<String>> listeningUrls) {
            this.listeningUrls = Objects.requireNonNull(listeningUrls, "listeningUrls");
            return this;
        }

        public HttpsRedirection build() {
            if (port == UNKNOWN && listeningUrls == null) {
                throw new IllegalStateException("give the https port, port(...), or where to find it, portFrom(app::listeningUrls)");
            }
            return new HttpsRedirection(this);
        }
    }
}
