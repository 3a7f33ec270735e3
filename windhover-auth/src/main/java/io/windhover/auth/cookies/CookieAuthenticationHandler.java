package io.windhover.auth.cookies;

import io.windhover.auth.AuthenticateResult;
import io.windhover.auth.AuthenticationProperties;
import io.windhover.auth.SignInHandler;
import io.windhover.auth.dataprotection.DataProtectionException;
import io.windhover.auth.dataprotection.DataProtector;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.Cookie;
import io.windhover.web.WebContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cookie scheme: a signed-in user is carried in a cookie that holds the authentication ticket
 * (the user's claims, when it was issued and when it ends) encrypted and authenticated by the
 * options' {@link io.windhover.auth.dataprotection.KeyRing}. ASP.NET Core's
 * {@code CookieAuthenticationHandler}.
 *
 * <pre>{@code
 * var cookies = new CookieAuthenticationHandler(CookieAuthenticationOptions.SCHEME,
 *         CookieAuthenticationOptions.builder(KeyRing.inFolder(keys, KeyRingOptions.defaults())).loginPath("/login").build());
 * var authentication = Authentication.builder().addScheme(CookieAuthenticationOptions.SCHEME, cookies).build();
 * app.post("/login", context -> {
 *     // ... check the form's password ...
 *     authentication.signIn(context, null, user, AuthenticationProperties.empty());   // cookie, then back to ReturnUrl
 *     return null;
 * });
 * }</pre>
 *
 * <p>Answers, as ASP.NET Core gives them: no cookie — anonymous; a cookie that does not unprotect
 * (changed, from another application, its key retired) — a failure "Unprotect ticket failed"; a
 * ticket past its end — "Ticket expired"; either way the request is anonymous and only an endpoint
 * that needs a user answers. A challenge sends a browser to the login path with
 * {@code ReturnUrl} (302) and tells an API call 401 with that address in {@code Location}; a forbid
 * does the same with the access-denied path and 403. An API call is what ASP.NET Core calls an AJAX
 * request — {@code X-Requested-With: XMLHttpRequest} as a header or query parameter — or, since
 * ASP.NET Core 10 answers API endpoints with 401/403 and Windhover's endpoints carry no such mark, a
 * request whose {@code Accept} does not ask for HTML: browsers ask for {@code text/html} when they
 * navigate, {@code fetch} and {@code curl} do not.
 *
 * <p>Sliding expiration: a ticket used after half its life is issued again for its full span, the
 * cookie re-sent with the response.
 *
 * <p>Thread-safe; one instance serves every request.
 */
public final class CookieAuthenticationHandler implements SignInHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CookieAuthenticationHandler.class);
    /** RFC 6265 §6.1: browsers keep cookies of at least 4096 bytes (name, value and attributes); past that some drop them. */
    static final int MAX_COOKIE_BYTES = 4096;

    private final String scheme;
    private final CookieAuthenticationOptions options;
    private final DataProtector protector;

    /** A handler registered as {@code scheme}; its tickets are protected for this scheme only. */
    public CookieAuthenticationHandler(String scheme, CookieAuthenticationOptions options) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.options = Objects.requireNonNull(options, "options");
        // ASP.NET Core's purposes: the middleware's name, the scheme, a version.
        this.protector = options.keyRing().protector("Windhover.Authentication.Cookies", scheme, "v1");
    }

    public CookieAuthenticationOptions options() {
        return options;
    }

    @Override
    public AuthenticateResult authenticate(WebContext context) {
        String value = context.cookie(options.cookieName());
        if (value == null || value.isEmpty()) {
            return AuthenticateResult.noResult();
        }
        TicketSerializer.Ticket ticket;
        try {
            ticket = TicketSerializer.read(protector.unprotectString(value));
        } catch (DataProtectionException | IOException refused) {
            LOG.debug("{}: cookie refused for {} {}: {}", scheme, context.request().method(), context.request().path(), refused.getMessage());
            return new AuthenticateResult.Failure("Unprotect ticket failed", refused);
        }
        Instant now = options.clock().instant();
        AuthenticationProperties properties = ticket.properties();
        if (properties.expiresAt() != null && !properties.expiresAt().isAfter(now)) {
            return AuthenticateResult.fail("Ticket expired");
        }
        if (options.slidingExpiration() && properties.issuedAt() != null && properties.expiresAt() != null) {
            Duration elapsed = Duration.between(properties.issuedAt(), now);
            Duration remaining = Duration.between(now, properties.expiresAt());
            if (remaining.compareTo(elapsed) < 0 && !context.response().hasStarted()) {
                properties = properties.withLifetime(now, now.plus(Duration.between(properties.issuedAt(), properties.expiresAt())));
                writeCookie(context, ticket.user(), properties);
            }
        }
        return new AuthenticateResult.Success(ticket.user(), properties);
    }

    @Override
    public void challenge(WebContext context, AuthenticateResult result, AuthenticationProperties properties) {
        redirect(context, options.loginPath(), properties, 401);
    }

    @Override
    public void forbid(WebContext context, AuthenticationProperties properties) {
        redirect(context, options.accessDeniedPath(), properties, 403);
    }

    @Override
    public void signIn(WebContext context, ClaimsPrincipal user, AuthenticationProperties properties) {
        if (!user.isAuthenticated()) {
            throw new IllegalArgumentException("sign in an authenticated user: its identity needs an authentication type, such as '"
                    + scheme + "'");
        }
        Instant issued = properties.issuedAt() != null ? properties.issuedAt() : options.clock().instant();
        Instant expires = properties.expiresAt() != null ? properties.expiresAt() : issued.plus(options.expireTimeSpan());
        AuthenticationProperties kept = new AuthenticationProperties(null, properties.items(), issued, expires, properties.persistent());
        writeCookie(context, user, kept);
        // ASP.NET Core: a sign-in on the login path goes back where the challenge came from.
        if (context.request().path().equals(options.loginPath())) {
            redirectToReturnUrl(context, properties);
        }
    }

    @Override
    public void signOut(WebContext context, AuthenticationProperties properties) {
        context.deleteCookie(cookie(context, "").build());
        if (context.request().path().equals(options.logoutPath())) {
            redirectToReturnUrl(context, properties);
        }
    }

    private void writeCookie(WebContext context, ClaimsPrincipal user, AuthenticationProperties properties) {
        String value = protector.protectToString(TicketSerializer.write(user, properties));
        var cookie = cookie(context, value);
        if (properties.persistent()) {
            cookie.expires(properties.expiresAt());
        }
        String setCookie = cookie.build().toSetCookie();
        if (setCookie.length() > MAX_COOKIE_BYTES) {
            throw new IllegalStateException("the authentication ticket of '" + user.name() + "' makes a cookie of " + setCookie.length()
                    + " bytes, over the " + MAX_COOKIE_BYTES + " browsers are sure to keep: sign in with fewer claims");
        }
        context.response().headers().add("Set-Cookie", setCookie);
    }

    private Cookie.Builder cookie(WebContext context, String value) {
        boolean secure = switch (options.securePolicy()) {
            case ALWAYS -> true;
            case SAME_AS_REQUEST -> "https".equalsIgnoreCase(context.scheme());
            case NONE -> false;
        };
        return Cookie.builder(options.cookieName(), value).path(options.cookiePath()).domain(options.cookieDomain())
                .httpOnly(options.httpOnly()).secure(secure).sameSite(options.sameSite());
    }

    /** The login or access-denied path with {@code ReturnUrl}: a redirect for a browser, {@code status} with {@code Location} for an API call. */
    private void redirect(WebContext context, String path, AuthenticationProperties properties, int apiStatus) {
        String returnUrl = properties.redirectUri() != null ? properties.redirectUri() : context.request().path() + context.request().query();
        // Relative, unlike ASP.NET Core's absolute address: the Host header is the client's to choose, so it is not repeated back.
        String location = path + "?" + options.returnUrlParameter() + "=" + URLEncoder.encode(returnUrl, StandardCharsets.UTF_8);
        context.response().status(isApiRequest(context) ? apiStatus : 302);
        context.response().headers().set("Location", location);
    }

    private void redirectToReturnUrl(WebContext context, AuthenticationProperties properties) {
        String target = properties.redirectUri() != null ? properties.redirectUri() : context.query(options.returnUrlParameter());
        if (LocalUrl.isLocal(target)) {
            context.response().status(302);
            context.response().headers().set("Location", target);
        } else if (target != null) {
            LOG.debug("{}: not redirecting to '{}' after sign-in or sign-out: not a local address", scheme, target);
        }
    }

    /** ASP.NET Core's {@code IsAjaxRequest}, and a request that does not ask for HTML (see the class's comment). */
    static boolean isApiRequest(WebContext context) {
        if ("XMLHttpRequest".equals(context.header("X-Requested-With")) || "XMLHttpRequest".equals(context.query("X-Requested-With"))) {
            return true;
        }
        String accept = context.header("Accept");
        return accept == null || !accept.toLowerCase(Locale.ROOT).contains("text/html");
    }
}
