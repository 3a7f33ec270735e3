package io.windhover.auth;

import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The application's authentication schemes by name, and the middleware that authenticates each
 * request with the default scheme and sets {@link WebContext#user()}. ASP.NET Core's
 * {@code AddAuthentication} with {@code UseAuthentication} and the {@code HttpContext} extensions
 * ({@code AuthenticateAsync}, {@code ChallengeAsync}, {@code ForbidAsync}).
 *
 * <pre>{@code
 * var authentication = Authentication.builder()
 *         .addScheme("Bearer", new JwtBearerHandler("Bearer", options))
 *         .defaultScheme("Bearer")
 *         .build();
 * app.use(authentication);                                   // sets context.user()
 * app.use(Authorization.builder(authentication).build());    // 401/403 per the endpoint's metadata
 * }</pre>
 *
 * <p>Default schemes as ASP.NET Core resolves them: authenticate and challenge use their own
 * default, else {@link Builder#defaultScheme}; forbid uses its own, else challenge's; with exactly
 * one scheme registered and no default named, that scheme is the default for all. A request with
 * credentials a scheme refuses stays anonymous: only an endpoint that needs a user answers 401,
 * with the refusal's reason in the challenge.
 *
 * <p>A policy scheme ({@link Builder#addPolicyScheme}, ASP.NET Core's {@code AddPolicyScheme} with a
 * {@code ForwardDefaultSelector}) has no handler of its own: each action is forwarded to the scheme
 * its selector picks for the request, such as the bearer scheme when an {@code Authorization}
 * header is present and the cookie scheme otherwise.
 *
 * <p>Each scheme authenticates at most once per request; its result is kept with the request.
 * Thread-safe once built.
 */
public final class Authentication implements Middleware {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Map<String, AuthenticationHandler> schemes;
    /** The schemes that answer requests of their own (callbacks), in registration order. */
    private final java.util.List<AuthenticationRequestHandler> requestHandlers;
    private final Map<String, Function<WebContext, String>> forwards;
    private final String defaultAuthenticate;
    private final String defaultChallenge;
    private final String defaultForbid;
    private final String defaultSignIn;
    private final String defaultSignOut;
    /** The request item that holds this instance's results by scheme. */
    private final String resultsItem = Authentication.class.getName() + ".results." + INSTANCES.incrementAndGet();

    private Authentication(Builder builder) {
        this.schemes = Map.copyOf(builder.schemes);
        this.requestHandlers = builder.schemes.values().stream().filter(AuthenticationRequestHandler.class::isInstance)
                .map(AuthenticationRequestHandler.class::cast).toList();
        this.forwards = Map.copyOf(builder.forwards);
        int registered = schemes.size() + forwards.size();
        String only = registered == 1 ? (schemes.isEmpty() ? forwards : schemes).keySet().iterator().next() : null;
        String fallback = builder.defaultScheme != null ? builder.defaultScheme : only;
        this.defaultAuthenticate = builder.defaultAuthenticate != null ? builder.defaultAuthenticate : fallback;
        this.defaultChallenge = builder.defaultChallenge != null ? builder.defaultChallenge : fallback;
        this.defaultForbid = builder.defaultForbid != null ? builder.defaultForbid : defaultChallenge;
        this.defaultSignIn = builder.defaultSignIn != null ? builder.defaultSignIn : fallback;
        this.defaultSignOut = builder.defaultSignOut != null ? builder.defaultSignOut : defaultSignIn;
        for (String name : new String[] {defaultAuthenticate, defaultChallenge, defaultForbid, defaultSignIn, defaultSignOut}) {
            if (name != null && !schemes.containsKey(name) && !forwards.containsKey(name)) {
                throw new IllegalArgumentException("the default scheme '" + name + "' is not registered; registered: " + schemes.keySet());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Offers the request to each {@link AuthenticationRequestHandler} (a callback path), then sets
     * {@link WebContext#user()} from the default authenticate scheme, if there is one, and goes on.
     */
    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        for (AuthenticationRequestHandler handler : requestHandlers) {
            if (handler.handleRequest(context, this)) {
                return;
            }
        }
        if (defaultAuthenticate != null && authenticate(context, defaultAuthenticate) instanceof AuthenticateResult.Success success) {
            context.user(success.principal());
        }
        next.handle(context);
    }

    /** The default authenticate scheme's result for this request. */
    public AuthenticateResult authenticate(WebContext context) throws Exception {
        return authenticate(context, require(defaultAuthenticate, "DefaultAuthenticateScheme"));
    }

    /** {@code scheme}'s result for this request, found once and kept. */
    public AuthenticateResult authenticate(WebContext context, String scheme) throws Exception {
        scheme = resolve(context, scheme);
        Map<String, AuthenticateResult> results = results(context);
        AuthenticateResult result = results.get(scheme);
        if (result == null) {
            result = Objects.requireNonNull(handler(scheme).authenticate(context), "a scheme's authenticate returned null");
            results.put(scheme, result);
        }
        return result;
    }

    /** Challenges with the default challenge scheme. */
    public void challenge(WebContext context) throws Exception {
        challenge(context, null, AuthenticationProperties.empty());
    }

    /**
     * Asks the client to authenticate with {@code scheme} (null: the default challenge scheme):
     * 401 with {@code WWW-Authenticate}, or a redirect to a login page, as the scheme does.
     *
     * @throws IllegalStateException when no scheme is named and there is no default
     */
    public void challenge(WebContext context, String scheme, AuthenticationProperties properties) throws Exception {
        String name = resolve(context, scheme != null ? scheme : require(defaultChallenge, "DefaultChallengeScheme"));
        handler(name).challenge(context, authenticate(context, name), properties);
    }

    /** Forbids with the default forbid scheme. */
    public void forbid(WebContext context) throws Exception {
        forbid(context, null, AuthenticationProperties.empty());
    }

    /**
     * Tells the client its user may not do this, as {@code scheme} (null: the default forbid
     * scheme) says it: 403, or a redirect to an access-denied page.
     */
    public void forbid(WebContext context, String scheme, AuthenticationProperties properties) throws Exception {
        handler(resolve(context, scheme != null ? scheme : require(defaultForbid, "DefaultForbidScheme"))).forbid(context, properties);
    }

    /**
     * Signs {@code user} in with {@code scheme} (null: the default sign-in scheme), which must be a
     * {@link SignInHandler}: the cookie scheme sets its cookie, and at its login path redirects to
     * the local {@code ReturnUrl}. ASP.NET Core's {@code HttpContext.SignInAsync}.
     *
     * @throws IllegalArgumentException when {@code user} is not authenticated
     * @throws IllegalStateException when the scheme cannot sign in
     */
    public void signIn(WebContext context, String scheme, ClaimsPrincipal user, AuthenticationProperties properties) throws Exception {
        signInHandler(context, scheme != null ? scheme : require(defaultSignIn, "DefaultSignInScheme")).signIn(context, user, properties);
    }

    /** Signs the user out of {@code scheme} (null: the default sign-out scheme). ASP.NET Core's {@code HttpContext.SignOutAsync}. */
    public void signOut(WebContext context, String scheme, AuthenticationProperties properties) throws Exception {
        signInHandler(context, scheme != null ? scheme : require(defaultSignOut, "DefaultSignOutScheme")).signOut(context, properties);
    }

    private SignInHandler signInHandler(WebContext context, String scheme) {
        String name = resolve(context, scheme);
        if (!(handler(name) instanceof SignInHandler signIn)) {
            throw new IllegalStateException("the authentication scheme '" + name + "' cannot sign in or out; the cookie scheme can");
        }
        return signIn;
    }

    /** {@code scheme}, or the scheme a policy scheme forwards this request to (followed until a real scheme, at most 8 times). */
    private String resolve(WebContext context, String scheme) {
        for (int hops = 0; hops < 8; hops++) {
            Function<WebContext, String> selector = forwards.get(scheme);
            if (selector == null) {
                return scheme;
            }
            scheme = Objects.requireNonNull(selector.apply(context), "a policy scheme's selector returned null");
        }
        throw new IllegalStateException("policy schemes forward in a loop through '" + scheme + "'");
    }

    /** The handler registered as {@code scheme}. */
    public AuthenticationHandler handler(String scheme) {
        AuthenticationHandler handler = schemes.get(scheme);
        if (handler == null) {
            throw new IllegalStateException("no authentication scheme '" + scheme + "' is registered; registered: " + schemes.keySet());
        }
        return handler;
    }

    @SuppressWarnings("unchecked")
    private Map<String, AuthenticateResult> results(WebContext context) {
        Object kept = context.item(resultsItem);
        if (kept == null) {
            kept = new HashMap<String, AuthenticateResult>(4);
            context.item(resultsItem, kept);
        }
        return (Map<String, AuthenticateResult>) kept;
    }

    private static String require(String scheme, String setting) {
        if (scheme == null) {
            throw new IllegalStateException("no authentication scheme was named and there is no " + setting
                    + ": name one, or set a default scheme");
        }
        return scheme;
    }

    /** Registers schemes and names the defaults. Not thread-safe. */
    public static final class Builder {
        private final Map<String, AuthenticationHandler> schemes = new LinkedHashMap<>();
        private String defaultScheme;
        private String defaultAuthenticate;
        private String defaultChallenge;
        private String defaultForbid;
        private String defaultSignIn;
        private String defaultSignOut;
        private final Map<String, Function<WebContext, String>> forwards = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers {@code handler} as {@code name} ({@code Bearer}, {@code Cookies}...). */
        public Builder addScheme(String name, AuthenticationHandler handler) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a scheme needs a name");
            }
            if (forwards.containsKey(name) || schemes.putIfAbsent(name, Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException("the scheme '" + name + "' is registered already");
            }
            return this;
        }

        /**
         * Registers {@code name} as a policy scheme that forwards every action to the scheme
         * {@code selector} names for the request.
         *
         * <pre>{@code
         * .addPolicyScheme("BearerOrCookies", context -> context.header("Authorization") != null ? "Bearer" : "Cookies")
         * }</pre>
         */
        public Builder addPolicyScheme(String name, Function<WebContext, String> selector) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a scheme needs a name");
            }
            if (schemes.containsKey(name) || forwards.putIfAbsent(name, Objects.requireNonNull(selector, "selector")) != null) {
                throw new IllegalArgumentException("the scheme '" + name + "' is registered already");
            }
            return this;
        }

        /** The scheme {@link Authentication#signIn} uses when none is named. */
        public Builder defaultSignInScheme(String name) {
            this.defaultSignIn = name;
            return this;
        }

        /** The scheme {@link Authentication#signOut} uses when none is named; default the sign-in scheme. */
        public Builder defaultSignOutScheme(String name) {
            this.defaultSignOut = name;
            return this;
        }

        /** The scheme for every action that names none of its own. */
        public Builder defaultScheme(String name) {
            this.defaultScheme = name;
            return this;
        }

        /** The scheme the middleware authenticates every request with. */
        public Builder defaultAuthenticateScheme(String name) {
            this.defaultAuthenticate = name;
            return this;
        }

        /** The scheme that answers a request that needs a user. */
        public Builder defaultChallengeScheme(String name) {
            this.defaultChallenge = name;
            return this;
        }

        /** The scheme that answers a user who may not. */
        public Builder defaultForbidScheme(String name) {
            this.defaultForbid = name;
            return this;
        }

        /** @throws IllegalArgumentException when a default names a scheme that is not registered */
        public Authentication build() {
            return new Authentication(this);
        }
    }
}
