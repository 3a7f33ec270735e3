package io.windhover.auth.antiforgery;

import io.windhover.auth.cookies.CookieSecurePolicy;
import io.windhover.auth.dataprotection.KeyRing;
import io.windhover.web.WebContext;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How {@link Antiforgery} names and carries its token pair. ASP.NET Core's {@code AntiforgeryOptions}.
 *
 * @param keyRing the key ring that encrypts and authenticates both tokens (the cookie scheme's may be shared: the purposes differ)
 * @param cookieName the cookie token's cookie; default {@value #DEFAULT_COOKIE_NAME}
 * @param formFieldName the form field of the request token; default {@value #DEFAULT_FORM_FIELD_NAME}, ASP.NET Core's
 * @param headerName the header of the request token; default {@value #DEFAULT_HEADER_NAME}, ASP.NET Core's
 * @param securePolicy when the cookie carries {@code Secure}; default {@link CookieSecurePolicy#SAME_AS_REQUEST}: on every
 *     page that came over https, and still usable over plain HTTP in development (ASP.NET Core's default, {@code None},
 *     never marks it)
 * @param suppressXFrameOptions true to leave out {@code X-Frame-Options: SAMEORIGIN} where tokens are issued; default false
 * @param exempt the unsafe requests that are not asked for a token; default {@link #BEARER_TOKEN}
 */
public record AntiforgeryOptions(KeyRing keyRing, String cookieName, String formFieldName, String headerName,
                                 CookieSecurePolicy securePolicy, boolean suppressXFrameOptions, Predicate<WebContext> exempt) {

    public static final String DEFAULT_COOKIE_NAME = ".Windhover.Antiforgery";
    public static final String DEFAULT_FORM_FIELD_NAME = "__RequestVerificationToken";
    public static final String DEFAULT_HEADER_NAME = "RequestVerificationToken";

    /**
     * A request with {@code Authorization: Bearer}: a browser never adds that header by itself, and
     * a page of another origin cannot add it without a CORS preflight, so the request cannot be
     * forged the way a form post carrying the ambient cookie can. (With the bearer scheme chosen for
     * such a request, the cookie is not what authenticates it either.) Basic is not exempt: a
     * browser does resend Basic credentials by itself.
     */
    public static final Predicate<WebContext> BEARER_TOKEN = context -> {
        String authorization = context.header("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    };

    public AntiforgeryOptions {
        Objects.requireNonNull(keyRing, "keyRing");
        requireToken(cookieName, "cookieName");
        requireToken(formFieldName, "formFieldName");
        requireToken(headerName, "headerName");
        Objects.requireNonNull(securePolicy, "securePolicy");
        Objects.requireNonNull(exempt, "exempt");
    }

    private static void requireToken(String name, String what) {
        if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException(what + " must be an RFC 9110 token, not '" + name + "'");
        }
    }

    public static Builder builder(KeyRing keyRing) {
        return new Builder(keyRing);
    }

    /** Builds {@link AntiforgeryOptions}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private final KeyRing keyRing;
        private String cookieName = DEFAULT_COOKIE_NAME;
        private String formFieldName = DEFAULT_FORM_FIELD_NAME;
        private String headerName = DEFAULT_HEADER_NAME;
        private CookieSecurePolicy securePolicy = CookieSecurePolicy.SAME_AS_REQUEST;
        private boolean suppressXFrameOptions;
        private Predicate<WebContext> exempt = BEARER_TOKEN;

        private Builder(KeyRing keyRing) {
            this.keyRing = keyRing;
        }

        public Builder cookieName(String name) {
            this.cookieName = name;
            return this;
        }

        public Builder formFieldName(String name) {
            this.formFieldName = name;
            return this;
        }

        public Builder headerName(String name) {
            this.headerName = name;
            return this;
        }

        public Builder securePolicy(CookieSecurePolicy policy) {
            this.securePolicy = policy;
            return this;
        }

        public Builder suppressXFrameOptions(boolean on) {
            this.suppressXFrameOptions = on;
            return this;
        }

        /** The unsafe requests not asked for a token, in place of {@link #BEARER_TOKEN}. */
        public Builder exempt(Predicate<WebContext> requests) {
            this.exempt = requests;
            return this;
        }

        public AntiforgeryOptions build() {
            return new AntiforgeryOptions(keyRing, cookieName, formFieldName, headerName, securePolicy, suppressXFrameOptions, exempt);
        }
    }
}
