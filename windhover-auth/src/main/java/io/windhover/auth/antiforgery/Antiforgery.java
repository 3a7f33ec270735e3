package io.windhover.auth.antiforgery;

import io.windhover.auth.dataprotection.DataProtectionException;
import io.windhover.auth.dataprotection.DataProtector;
import io.windhover.server.http.HttpExtendedConnectFeature;
import io.windhover.web.Cookie;
import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Antiforgery for pages signed in with a cookie: a page is issued a token pair — a cookie token and
 * a request token for its forms or its script — and every unsafe request ({@code POST},
 * {@code PUT}, {@code PATCH}, {@code DELETE}: any method but {@code GET}, {@code HEAD},
 * {@code OPTIONS} and {@code TRACE}) must send both back, or is answered 400. A page of another
 * site can make the browser send the cookie, but cannot read the request token. ASP.NET Core's
 * {@code IAntiforgery} with its middleware ({@code UseAntiforgery}) and MVC's
 * {@code AutoValidateAntiforgeryToken}.
 *
 * <pre>{@code
 * var antiforgery = new Antiforgery(AntiforgeryOptions.builder(keyRing).build());
 * app.use(authentication);
 * app.use(authorization);
 * app.use(antiforgery);                           // after the user is known: tokens are tied to it
 * app.get("/antiforgery/token", context -> Map.of("token", antiforgery.tokens(context).requestToken()));
 * // the page sends the token back as <input type="hidden" name="__RequestVerificationToken">,
 * // or as the header RequestVerificationToken on fetch
 * }</pre>
 *
 * <p>Both tokens carry one random 128-bit security token and are encrypted and authenticated by
 * the key ring ({@link DataProtector}, purpose {@code Windhover.Antiforgery}); the request token also
 * carries a hash of the user it was issued to, so a token issued to an anonymous page or to another
 * user is refused: after a sign-in the page needs a new request token (the cookie token stays). The
 * security tokens are compared in constant time.
 *
 * <p>Not asked: requests {@link AntiforgeryOptions#exempt()} says (by default a request with
 * {@code Authorization: Bearer}, which no browser adds by itself), and endpoints with
 * {@link AntiforgeryMetadata#DISABLED}. The request token is read from the header first, then from
 * the field of an {@code application/x-www-form-urlencoded} form; a {@code multipart/form-data} post
 * sends it in the header, since reading the form here would consume the body an upload endpoint
 * streams.
 *
 * <p>Thread-safe; one instance serves every request.
 */
public final class Antiforgery implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(Antiforgery.class);
    /** RFC 9110 §9.2.1's safe methods; ASP.NET Core's AutoValidateAntiforgeryToken skips these. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** The request item that holds the cookie token this request has, read or made once. */
    private static final String COOKIE_TOKEN_ITEM = Antiforgery.class.getName() + ".cookieToken";

    private final AntiforgeryOptions options;
    private final DataProtector protector;

    public Antiforgery(AntiforgeryOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.protector = options.keyRing().protector("Windhover.Antiforgery", "v1");
    }

    public AntiforgeryOptions options() {
        return options;
    }

    /** Checks the token pair of every unsafe request that is asked for one; answers 400 when it is refused. */
    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        if (mustValidate(context)) {
            try {
                validate(context);
            } catch (AntiforgeryValidationException refused) {
                LOG.debug("antiforgery token refused for {} {}: {}", context.request().method(), context.request().path(), refused.getMessage());
                // ASP.NET Core: AntiforgeryValidationFailedResult, a 400 with no body.
                context.response().status(400);
                return;
            }
        }
        next.handle(context);
    }

    private boolean mustValidate(WebContext context) {
        if (SAFE_METHODS.contains(context.request().method())) {
            return false;
        }
        HttpExtendedConnectFeature connect = context.http().features().get(HttpExtendedConnectFeature.class);
        if (connect != null && connect.isExtendedConnect()) {
            // RFC 8441 §4: over HTTP/2 the WebSocket handshake is a CONNECT in place of HTTP/1.1's
            // GET, and as safe: a browser sends it with no token, like the GET.
            return false;
        }
        AntiforgeryMetadata metadata = context.endpointMetadata().last(AntiforgeryMetadata.class);
        return (metadata == null || metadata.requiresValidation()) && !options.exempt().test(context);
    }

    /**
     * The token pair for the page this request renders, for the request's user: the request's own
     * cookie token when it has a valid one, else a new one set in the response's cookie; and a new
     * request token. The response is marked not to be cached ({@code Cache-Control: no-cache,
     * no-store}, {@code Pragma: no-cache}) nor framed by another site ({@code X-Frame-Options:
     * SAMEORIGIN}), as ASP.NET Core's {@code GetAndStoreTokens}. Call it before the response starts.
     */
    public AntiforgeryTokenSet tokens(WebContext context) {
        CookieToken cookie = requestCookieToken(context);
        if (cookie == null) {
            AntiforgeryToken made = AntiforgeryToken.newCookieToken();
            cookie = new CookieToken(made, protector.protectToString(made.write()));
            context.cookie(Cookie.builder(options.cookieName(), cookie.value()).path("/").httpOnly(true)
                    .secure(secure(context)).sameSite(Cookie.SameSite.STRICT).build());
            context.item(COOKIE_TOKEN_ITEM, cookie);
        }
        AntiforgeryToken cookieToken = cookie.token();
        String cookieValue = cookie.value();
        String requestToken = protector.protectToString(cookieToken.requestTokenFor(context.user()).write());
        var headers = context.response().headers();
        headers.set("Cache-Control", "no-cache, no-store");
        headers.set("Pragma", "no-cache");
        if (!options.suppressXFrameOptions() && headers.get("X-Frame-Options") == null) {
            headers.set("X-Frame-Options", "SAMEORIGIN");
        }
        return new AntiforgeryTokenSet(requestToken, cookieValue, options.formFieldName(), options.headerName());
    }

    /** Whether {@link #validate} accepts this request's token pair. */
    public boolean isRequestValid(WebContext context) throws IOException {
        try {
            validate(context);
            return true;
        } catch (AntiforgeryValidationException refused) {
            return false;
        }
    }

    /**
     * Checks this request's token pair for its user: both present, both decrypted by the key ring,
     * each of its own kind, the same security token, and the request token issued to this user.
     *
     * @throws AntiforgeryValidationException with ASP.NET Core's message for the first check that fails
     * @throws IOException when the form cannot be read
     */
    public void validate(WebContext context) throws AntiforgeryValidationException, IOException {
        String cookie = context.cookie(options.cookieName());
        if (cookie == null || cookie.isEmpty()) {
            throw new AntiforgeryValidationException("The required antiforgery cookie \"" + options.cookieName() + "\" is not present.");
        }
        String request = requestToken(context);
        if (request == null || request.isEmpty()) {
            throw new AntiforgeryValidationException("The required antiforgery request token was not provided in either form field \""
                    + options.formFieldName() + "\" or header value \"" + options.headerName() + "\".");
        }
        AntiforgeryToken cookieToken = unprotect(cookie);
        AntiforgeryToken requestToken = unprotect(request);
        if (!cookieToken.cookieToken() || requestToken.cookieToken()) {
            throw new AntiforgeryValidationException("Validation of the provided antiforgery token failed. The cookie token and the request token were swapped.");
        }
        if (!MessageDigest.isEqual(cookieToken.securityToken(), requestToken.securityToken())) {
            throw new AntiforgeryValidationException("The antiforgery cookie token and request token do not match.");
        }
        if (!MessageDigest.isEqual(requestToken.userId(), AntiforgeryToken.userId(context.user()))) {
            throw new AntiforgeryValidationException("The provided antiforgery token was meant for a different claims-based user than the current user.");
        }
    }

    /** The header's token, else the url-encoded form's field (see the class's comment on multipart). */
    private String requestToken(WebContext context) throws IOException {
        String header = context.header(options.headerName());
        if (header != null && !header.isEmpty()) {
            return header;
        }
        String contentType = context.header("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/x-www-form-urlencoded")) {
            return context.form().value(options.formFieldName());
        }
        return null;
    }

    private AntiforgeryToken unprotect(String value) throws AntiforgeryValidationException {
        AntiforgeryToken token;
        try {
            token = AntiforgeryToken.read(protector.unprotectString(value));
        } catch (DataProtectionException refused) {
            token = null;
        }
        if (token == null) {
            throw new AntiforgeryValidationException("The antiforgery token could not be decrypted.");
        }
        return token;
    }

    /** A cookie token and its protected value, as the cookie carries it. */
    private record CookieToken(AntiforgeryToken token, String value) {
    }

    /** The request's valid cookie token, or the one made earlier in this request; null when neither. */
    private CookieToken requestCookieToken(WebContext context) {
        if (context.item(COOKIE_TOKEN_ITEM) instanceof CookieToken made) {
            return made;
        }
        String value = context.cookie(options.cookieName());
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            AntiforgeryToken token = AntiforgeryToken.read(protector.unprotectString(value));
            return token != null && token.cookieToken() ? new CookieToken(token, value) : null;
        } catch (DataProtectionException refused) {
            return null;
        }
    }

    private boolean secure(WebContext context) {
        return switch (options.securePolicy()) {
            case ALWAYS -> true;
            case SAME_AS_REQUEST -> "https".equalsIgnoreCase(context.scheme());
            case NONE -> false;
        };
    }
}
