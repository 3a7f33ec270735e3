package io.windhover.auth.oidc;

import io.windhover.auth.cookies.CookieAuthenticationOptions;
import io.windhover.auth.cookies.CookieSecurePolicy;
import io.windhover.auth.dataprotection.KeyRing;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The OpenID Connect scheme's settings: the provider, this client, and where the browser comes
 * back. ASP.NET Core's {@code OpenIdConnectOptions}, for the authorization code flow only.
 *
 * @param authority the provider's issuer; its discovery document is {@code /.well-known/openid-configuration} under it
 * @param clientId this application's client id at the provider
 * @param clientSecret its secret, sent with HTTP Basic to the token endpoint (RFC 6749 §2.3.1); null for a public client, which sends only its id
 * @param callbackPath where the provider sends the browser back; default {@value #DEFAULT_CALLBACK_PATH}, ASP.NET Core's
 * @param scopes the scopes asked for; default {@code openid profile}, ASP.NET Core's ({@code openid} is always there)
 * @param signInScheme the scheme that keeps the user after the callback; default the cookie scheme ({@value CookieAuthenticationOptions#SCHEME})
 * @param keyRing protects the {@code state} parameter (return address, PKCE verifier, nonce)
 * @param requireHttpsMetadata true (the default) to refuse a provider whose documents and endpoints are not https; off only for development and tests
 * @param getClaimsFromUserInfoEndpoint true to add the user info endpoint's claims (its {@code sub} must match the ID token's); default false, ASP.NET Core's
 * @param remoteAuthenticationTimeout how long a sign-in may take from challenge to callback; default 15 minutes, ASP.NET Core's
 * @param clockSkew the ID token's lifetime tolerance; default 5 minutes, ASP.NET Core's
 * @param backchannelTimeout the limit of each call to the provider; default 60 seconds, ASP.NET Core's {@code BackchannelTimeout}
 * @param correlationCookieSecurePolicy when the correlation cookie carries {@code Secure}; default {@link CookieSecurePolicy#SAME_AS_REQUEST}
 * @param clock the clock of the sign-in's time limit and of the ID token's lifetime
 */
public record OpenIdConnectOptions(URI authority, String clientId, String clientSecret, String callbackPath, List<String> scopes,
                                   String signInScheme, KeyRing keyRing, boolean requireHttpsMetadata, boolean getClaimsFromUserInfoEndpoint,
                                   Duration remoteAuthenticationTimeout, Duration clockSkew, Duration backchannelTimeout,
                                   CookieSecurePolicy correlationCookieSecurePolicy, InstantSource clock) {

    /** The scheme's usual name, ASP.NET Core's {@code OpenIdConnectDefaults.AuthenticationScheme}. */
    public static final String SCHEME = "OpenIdConnect";
    public static final String DEFAULT_CALLBACK_PATH = "/signin-oidc";

    public OpenIdConnectOptions {
        Objects.requireNonNull(authority, "authority");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("name the client id the provider knows this application by");
        }
        if (callbackPath == null || !callbackPath.startsWith("/")) {
            throw new IllegalArgumentException("the callback path is a path starting with '/', not '" + callbackPath + "'");
        }
        scopes = List.copyOf(scopes);
        if (!scopes.contains("openid")) {
            throw new IllegalArgumentException("OpenID Connect needs the 'openid' scope; asked: " + scopes);
        }
        Objects.requireNonNull(signInScheme, "signInScheme");
        Objects.requireNonNull(keyRing, "keyRing");
        Objects.requireNonNull(remoteAuthenticationTimeout, "remoteAuthenticationTimeout");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(backchannelTimeout, "backchannelTimeout");
        Objects.requireNonNull(correlationCookieSecurePolicy, "correlationCookieSecurePolicy");
        Objects.requireNonNull(clock, "clock");
        if (requireHttpsMetadata && !"https".equalsIgnoreCase(authority.getScheme())) {
            throw new IllegalArgumentException("the authority must use https (" + authority + "); turn requireHttpsMetadata off only for development");
        }
    }

    /** The discovery document's address: {@code /.well-known/openid-configuration} under the authority (OpenID Connect Discovery 1.0 §4). */
    public URI metadataAddress() {
        String issuer = authority.toString();
        return URI.create((issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration");
    }

    public static Builder builder(URI authority, String clientId, KeyRing keyRing) {
        return new Builder(authority, clientId, keyRing);
    }

    /** Builds {@link OpenIdConnectOptions}; starts from ASP.NET Core's defaults. Not thread-safe. */
    public static final class Builder {
        private final URI authority;
        private final String clientId;
        private final KeyRing keyRing;
        private String clientSecret;
        private String callbackPath = DEFAULT_CALLBACK_PATH;
        private List<String> scopes = List.of("openid", "profile");
        private String signInScheme = CookieAuthenticationOptions.SCHEME;
        private boolean requireHttpsMetadata = true;
        private boolean getClaimsFromUserInfoEndpoint;
        private Duration remoteAuthenticationTimeout = Duration.ofMinutes(15);
        private Duration clockSkew = Duration.ofMinutes(5);
        private Duration backchannelTimeout = Duration.ofSeconds(60);
        private CookieSecurePolicy correlationCookieSecurePolicy = CookieSecurePolicy.SAME_AS_REQUEST;
        private InstantSource clock = InstantSource.system();

        private Builder(URI authority, String clientId, KeyRing keyRing) {
            this.authority = authority;
            this.clientId = clientId;
            this.keyRing = keyRing;
        }

        public Builder clientSecret(String secret) {
            this.clientSecret = secret;
            return this;
        }

        public Builder callbackPath(String path) {
            this.callbackPath = path;
            return this;
        }

        public Builder scopes(String... asked) {
            this.scopes = List.of(asked);
            return this;
        }

        public Builder signInScheme(String scheme) {
            this.signInScheme = scheme;
            return this;
        }

        public Builder requireHttpsMetadata(boolean require) {
            this.requireHttpsMetadata = require;
            return this;
        }

        public Builder getClaimsFromUserInfoEndpoint(boolean on) {
            this.getClaimsFromUserInfoEndpoint = on;
            return this;
        }

        public Builder remoteAuthenticationTimeout(Duration timeout) {
            this.remoteAuthenticationTimeout = timeout;
            return this;
        }

        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        public Builder backchannelTimeout(Duration timeout) {
            this.backchannelTimeout = timeout;
            return this;
        }

        public Builder correlationCookieSecurePolicy(CookieSecurePolicy policy) {
            this.correlationCookieSecurePolicy = policy;
            return this;
        }

        public Builder clock(InstantSource source) {
            this.clock = source;
            return this;
        }

        public OpenIdConnectOptions build() {
            return new OpenIdConnectOptions(authority, clientId, clientSecret, callbackPath, scopes, signInScheme, keyRing,
                    requireHttpsMetadata, getClaimsFromUserInfoEndpoint, remoteAuthenticationTimeout, clockSkew, backchannelTimeout,
                    correlationCookieSecurePolicy, clock);
        }
    }
}
