package io.windhover.auth.oidc;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.windhover.auth.AuthenticateResult;
import io.windhover.auth.Authentication;
import io.windhover.auth.AuthenticationProperties;
import io.windhover.auth.AuthenticationRequestHandler;
import io.windhover.auth.cookies.LocalUrl;
import io.windhover.auth.dataprotection.DataProtectionException;
import io.windhover.auth.dataprotection.DataProtector;
import io.windhover.auth.jwt.JwtBearerOptions;
import io.windhover.auth.jwt.JwtValidator;
import io.windhover.auth.jwt.TokenRefusedException;
import io.windhover.web.Claim;
import io.windhover.web.ClaimsIdentity;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.Cookie;
import io.windhover.web.WebContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect sign-in with the authorization code flow (OpenID Connect Core 1.0 §3.1), PKCE
 * (RFC 7636, S256) and the {@code state} and {@code nonce} checked, ending in a sign-in scheme (the
 * cookie scheme). ASP.NET Core's {@code OpenIdConnectHandler}, code flow only.
 *
 * <pre>{@code
 * var oidc = new OpenIdConnectHandler(OpenIdConnectOptions.SCHEME,
 *         OpenIdConnectOptions.builder(URI.create("https://login.example.com"), "todo-web", keyRing).clientSecret(secret).build());
 * var authentication = Authentication.builder()
 *         .addScheme(CookieAuthenticationOptions.SCHEME, cookies)
 *         .addScheme(OpenIdConnectOptions.SCHEME, oidc)
 *         .defaultScheme(CookieAuthenticationOptions.SCHEME)               // the cookie says who the user is
 *         .defaultChallengeScheme(OpenIdConnectOptions.SCHEME)             // no cookie: off to the provider
 *         .build();
 * app.use(authentication);                                                 // also answers /signin-oidc
 * }</pre>
 *
 * <p>The flow: a challenge redirects the browser to the provider's authorization endpoint with
 * {@code response_type=code}, a fresh {@code nonce}, a PKCE {@code code_challenge} and a
 * {@code state} that is the key ring's encryption of a {@link SignInState}; it also sets a
 * correlation cookie ({@code .Windhover.Correlation.<id>}, HttpOnly, SameSite=Lax, on the callback
 * path only) so that the callback is accepted only in the browser that started the sign-in. At the
 * callback the handler checks, in order: the {@code state} decrypts, its correlation cookie is
 * there, the sign-in took no longer than the time limit, the provider sent no {@code error}, the
 * {@code iss} parameter is the provider's (RFC 9207, required when the provider says it sends
 * one), there is a {@code code}; then it exchanges the code and the code verifier at the token
 * endpoint (HTTP Basic with the client secret), validates the ID token with {@link JwtValidator}
 * against the provider's JWKS (signature, {@code iss}, {@code aud} = the client id, lifetime with
 * skew), then its {@code nonce} against the state's in constant time, its {@code azp} when it has
 * several audiences, and its {@code sub}; optionally adds the user info endpoint's claims, whose
 * {@code sub} must match. The user is signed in with the sign-in scheme and the browser goes back
 * to the local return address. Any failure answers 400 with no body and no cookie but the
 * correlation cookie's deletion; the reason is logged at DEBUG. (ASP.NET Core throws, which becomes
 * a 500 unless the application handles {@code OnRemoteFailure}; a failed sign-in is the request's
 * fault, so 400 here.)
 *
 * <p>{@link #authenticate} finds nothing: the sign-in scheme carries the user from then on.
 * Thread-safe; the discovery document is fetched on first need and kept for 12 hours.
 */
public final class OpenIdConnectHandler implements AuthenticationRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OpenIdConnectHandler.class);
    /** ASP.NET Core's correlation cookie prefix, with this project's name. */
    static final String CORRELATION_COOKIE_PREFIX = ".Windhover.Correlation.";
    /**
     * The protocol's claims, not the user's, left out of the signed-in identity to keep the cookie small:
     * those ASP.NET Core's {@code OpenIdConnectOptions.ClaimActions} delete, and {@code auth_time} and {@code sid}.
     */
    private static final Set<String> PROTOCOL_CLAIMS = Set.of("nonce", "aud", "azp", "acr", "iss", "iat", "nbf", "exp", "at_hash",
            "c_hash", "ipaddr", "platf", "ver", "auth_time", "sid");
    /** The largest answer read from the provider: a discovery document, a token response or user info. */
    private static final int MAX_RESPONSE_BYTES = 256 * 1024;
    /** 256 random bits for each of the correlation id, the nonce and the PKCE verifier (RFC 7636 §4.1 recommends 32 octets). */
    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String scheme;
    private final OpenIdConnectOptions options;
    private final DataProtector protector;
    private final HttpClient client;
    private final JwtValidator idTokens;
    private volatile Discovered discovered;

    private record Discovered(ProviderMetadata metadata, Instant fetchedAt) {
    }

    public OpenIdConnectHandler(String scheme, OpenIdConnectOptions options) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.options = Objects.requireNonNull(options, "options");
        this.protector = options.keyRing().protector("Windhover.Authentication.OpenIdConnect", scheme, "state", "v1");
        this.client = HttpClient.newBuilder().connectTimeout(options.backchannelTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        String issuer = options.authority().toString();
        this.idTokens = new JwtValidator(scheme, JwtBearerOptions.builder()
                .metadataAddress(options.metadataAddress()).requireHttpsMetadata(options.requireHttpsMetadata())
                .issuer(issuer, issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer + "/")
                .audience(options.clientId())
                // OpenID Connect Core §3.1.3.7: RS256 by default; never HMAC here, whose key would be the client secret.
                .algorithms("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
                .clockSkew(options.clockSkew()).clock(options.clock()).metadataTimeout(options.backchannelTimeout())
                .build());
    }

    public OpenIdConnectOptions options() {
        return options;
    }

    @Override
    public AuthenticateResult authenticate(WebContext context) {
        return AuthenticateResult.noResult();
    }

    /** Redirects the browser to the provider's authorization endpoint (see the class's comment). */
    @Override
    public void challenge(WebContext context, AuthenticateResult result, AuthenticationProperties properties) throws IOException {
        ProviderMetadata provider = metadata();
        String verifier = random();
        String nonce = random();
        String correlationId = random();
        String returnUrl = properties.redirectUri() != null ? properties.redirectUri() : context.request().path() + context.request().query();
        String redirectUri = context.scheme() + "://" + context.host() + options.callbackPath();
        Instant now = options.clock().instant();
        String state = protector.protectToString(new SignInState(correlationId, returnUrl, redirectUri, verifier, nonce, now).write());
        context.cookie(Cookie.builder(CORRELATION_COOKIE_PREFIX + correlationId, "N").path(options.callbackPath()).httpOnly(true)
                .secure(secure(context)).sameSite(Cookie.SameSite.LAX).maxAge(options.remoteAuthenticationTimeout()).build());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", options.clientId());
        parameters.put("redirect_uri", redirectUri);
        parameters.put("response_type", "code");
        parameters.put("scope", String.join(" ", options.scopes()));
        parameters.put("state", state);
        parameters.put("nonce", nonce);
        parameters.put("code_challenge", BASE64URL.encodeToString(sha256(verifier)));
        parameters.put("code_challenge_method", "S256");
        String endpoint = provider.authorizationEndpoint().toString();
        context.response().status(302);
        context.response().headers().set("Location", endpoint + (endpoint.contains("?") ? "&" : "?") + form(parameters));
    }

    /** Answers the callback path; every other request goes on. */
    @Override
    public boolean handleRequest(WebContext context, Authentication authentication) throws Exception {
        if (!context.request().path().equals(options.callbackPath()) || !context.request().method().equals("GET")) {
            return false;
        }
        try {
            callback(context, authentication);
        } catch (SignInFailedException failed) {
            LOG.debug("{}: sign-in refused at {}: {}", scheme, options.callbackPath(), failed.getMessage(), failed.getCause());
            context.response().status(400);
        }
        return true;
    }

    private void callback(WebContext context, Authentication authentication) throws Exception {
        SignInState state = state(context);
        String correlationCookie = CORRELATION_COOKIE_PREFIX + state.correlationId();
        if (!"N".equals(context.cookie(correlationCookie))) {
            throw new SignInFailedException("Correlation failed.");
        }
        context.deleteCookie(Cookie.builder(correlationCookie, "").path(options.callbackPath()).httpOnly(true).secure(secure(context))
                .sameSite(Cookie.SameSite.LAX).build());
        if (options.clock().instant().isAfter(state.issuedAt().plus(options.remoteAuthenticationTimeout()))) {
            throw new SignInFailedException("The sign-in started at " + state.issuedAt() + " and took longer than "
                    + options.remoteAuthenticationTimeout());
        }
        if (context.query("error") != null) {
            throw new SignInFailedException("Message contains error: '" + context.query("error") + "', error_description: '"
                    + context.query("error_description") + "'.");
        }
        ProviderMetadata provider = metadata();
        String iss = context.query("iss");
        // RFC 9207 §2.4: a client that knows the provider sends iss MUST refuse a response without it, and one naming another issuer.
        if ((iss == null && provider.issParameterSupported()) || (iss != null && !iss.equals(provider.issuer()))) {
            throw new SignInFailedException("The authorization response's iss '" + iss + "' is not the provider's '" + provider.issuer() + "'");
        }
        String code = context.query("code");
        if (code == null || code.isEmpty()) {
            throw new SignInFailedException("The authorization response has no code.");
        }
        Map<String, Object> tokens = redeem(provider, code, state);
        ClaimsPrincipal user = validateIdToken(tokens, state);
        if (options.getClaimsFromUserInfoEndpoint() && provider.userInfoEndpoint() != null) {
            user = withUserInfo(provider, tokens, user);
        }
        authentication.signIn(context, options.signInScheme(), user, AuthenticationProperties.redirectTo(state.returnUrl()));
        if (!context.response().hasStarted()) {
            context.response().status(302);
            context.response().headers().set("Location", LocalUrl.isLocal(state.returnUrl()) ? state.returnUrl() : "/");
        }
    }

    private SignInState state(WebContext context) throws SignInFailedException {
        String state = context.query("state");
        if (state == null || state.isEmpty()) {
            throw new SignInFailedException("OpenIdConnectAuthenticationHandler: message.State is null or empty.");
        }
        try {
            return SignInState.read(protector.unprotectString(state));
        } catch (DataProtectionException | IOException e) {
            throw new SignInFailedException("Unable to unprotect the message.State.", e);
        }
    }

    /** The token endpoint's answer to the code and its verifier (OpenID Connect Core §3.1.3.1, RFC 7636 §4.5). */
    private Map<String, Object> redeem(ProviderMetadata provider, String code, SignInState state) throws SignInFailedException, InterruptedException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", code);
        parameters.put("redirect_uri", state.redirectUri());
        parameters.put("code_verifier", state.codeVerifier());
        var request = HttpRequest.newBuilder(provider.tokenEndpoint()).timeout(options.backchannelTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (options.clientSecret() != null) {
            // RFC 6749 §2.3.1: the id and the secret are form-urlencoded before they are joined for Basic.
            String credentials = formEncode(options.clientId()) + ":" + formEncode(options.clientSecret());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            parameters.put("client_id", options.clientId());
        }
        Map<String, Object> answer;
        int status;
        try {
            HttpResponse<InputStream> response = client.send(request.POST(HttpRequest.BodyPublishers.ofString(form(parameters))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            answer = JSONObjectUtils.parse(read(response));
        } catch (IOException | ParseException e) {
            throw new SignInFailedException("The token endpoint " + provider.tokenEndpoint() + " could not be read: " + e.getMessage(), e);
        }
        if (status != 200) {
            throw new SignInFailedException("The token endpoint answered " + status + ": error '" + answer.get("error")
                    + "', error_description '" + answer.get("error_description") + "'");
        }
        return answer;
    }

    /** The ID token's user, after OpenID Connect Core §3.1.3.7's checks (see the class's comment). */
    private ClaimsPrincipal validateIdToken(Map<String, Object> tokens, SignInState state) throws SignInFailedException {
        if (!(tokens.get("id_token") instanceof String idToken)) {
            throw new SignInFailedException("The token response has no id_token");
        }
        ClaimsPrincipal validated;
        try {
            validated = idTokens.validate(idToken);
        } catch (TokenRefusedException refused) {
            throw new SignInFailedException("The ID token was refused: " + refused.getMessage(), refused);
        }
        Claim nonce = validated.findFirst("nonce");
        if (nonce == null || !MessageDigest.isEqual(nonce.value().getBytes(StandardCharsets.UTF_8), state.nonce().getBytes(StandardCharsets.UTF_8))) {
            throw new SignInFailedException("The nonce of the ID token is not the one sent");
        }
        List<Claim> audiences = validated.findAll("aud");
        Claim azp = validated.findFirst("azp");
        if ((audiences.size() > 1 || azp != null) && (azp == null || !azp.value().equals(options.clientId()))) {
            throw new SignInFailedException("The ID token's azp is not this client's id");
        }
        if (validated.findFirst("iat") == null) {
            throw new SignInFailedException("The ID token has no iat");
        }
        if (validated.findFirst("sub") == null) {
            throw new SignInFailedException("The ID token has no sub");
        }
        List<Claim> claims = validated.claims().stream().filter(claim -> !PROTOCOL_CLAIMS.contains(claim.type())).toList();
        return ClaimsPrincipal.of(new ClaimsIdentity(scheme, claims));
    }

    /** {@code user} with the user info endpoint's claims it does not have yet (OpenID Connect Core §5.3.2: the sub must match). */
    private ClaimsPrincipal withUserInfo(ProviderMetadata provider, Map<String, Object> tokens, ClaimsPrincipal user)
            throws SignInFailedException, InterruptedException {
        if (!(tokens.get("access_token") instanceof String accessToken)) {
            throw new SignInFailedException("The token response has no access_token for the user info endpoint");
        }
        Map<String, Object> info;
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(provider.userInfoEndpoint()).timeout(options.backchannelTimeout())
                    .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String body = read(response);
            if (response.statusCode() != 200) {
                throw new SignInFailedException("The user info endpoint answered " + response.statusCode());
            }
            info = JSONObjectUtils.parse(body);
        } catch (IOException | ParseException e) {
            throw new SignInFailedException("The user info endpoint could not be read: " + e.getMessage(), e);
        }
        String subject = user.findFirst("sub").value();
        if (!subject.equals(info.get("sub"))) {
            throw new SignInFailedException("The user info's sub is not the ID token's");
        }
        String issuer = user.findFirst("sub").issuer();
        List<Claim> claims = new ArrayList<>(user.claims());
        Set<String> present = claims.stream().map(Claim::type).collect(Collectors.toSet());
        info.forEach((type, value) -> {
            if (!present.contains(type) && !PROTOCOL_CLAIMS.contains(type) && value != null && !(value instanceof Map<?, ?>)) {
                if (value instanceof List<?> values) {
                    values.forEach(element -> claims.add(new Claim(type, String.valueOf(element), issuer)));
                } else {
                    claims.add(new Claim(type, String.valueOf(value), issuer));
                }
            }
        });
        return ClaimsPrincipal.of(new ClaimsIdentity(scheme, claims));
    }

    /** The provider's discovery document, fetched on first need and again after 12 hours (ASP.NET Core's automatic refresh interval). */
    private ProviderMetadata metadata() throws IOException {
        Discovered current = discovered;
        Instant now = options.clock().instant();
        if (current != null && now.isBefore(current.fetchedAt().plus(java.time.Duration.ofHours(12)))) {
            return current.metadata();
        }
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(options.metadataAddress()).timeout(options.backchannelTimeout())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            String body = read(response);
            if (response.statusCode() != 200) {
                throw new IOException(options.metadataAddress() + " answered " + response.statusCode());
            }
            ProviderMetadata metadata = ProviderMetadata.parse(body, options.authority().toString(), options.requireHttpsMetadata());
            discovered = new Discovered(metadata, now);
            return metadata;
        } catch (IOException e) {
            if (current != null) {
                LOG.warn("{}: the discovery document {} could not be fetched again, keeping the one of {}: {}", scheme,
                        options.metadataAddress(), current.fetchedAt(), e.toString());
                return current.metadata();
            }
            throw new IOException("the OpenID provider's discovery document " + options.metadataAddress() + " could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + options.metadataAddress(), e);
        }
    }

    private static String read(HttpResponse<InputStream> response) throws IOException {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                throw new IOException(response.uri() + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private boolean secure(WebContext context) {
        return switch (options.correlationCookieSecurePolicy()) {
            case ALWAYS -> true;
            case SAME_AS_REQUEST -> "https".equalsIgnoreCase(context.scheme());
            case NONE -> false;
        };
    }

    private static String random() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private static byte[] sha256(String ascii) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ascii.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(entry -> formEncode(entry.getKey()) + "=" + formEncode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Why a callback was refused; the client is told 400 and nothing more. */
    private static final class SignInFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        SignInFailedException(String message) {
            super(message, null, false, false);
        }

        SignInFailedException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
