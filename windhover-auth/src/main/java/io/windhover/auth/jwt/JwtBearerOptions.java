package io.windhover.auth.jwt;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link JwtBearerHandler} validates bearer tokens: the issuers and audiences it accepts, the
 * keys that sign them (configured, or an OpenID provider's published keys), the algorithms it
 * allows, the clock and its skew. ASP.NET Core's {@code JwtBearerOptions} with its
 * {@code TokenValidationParameters}.
 *
 * <pre>{@code
 * // keys published by an OpenID provider (discovery, then its JWKS)
 * JwtBearerOptions.builder().authority(URI.create("https://login.example.com/")).audience("api://todos").build();
 * // one shared HMAC key (HS256), as `dotnet user-jwts` makes
 * JwtBearerOptions.builder().issuer("windhover").audience("todos").hmacKey(secret).build();
 * }</pre>
 *
 * <p>Defaults, and where they come from: clock skew 5 minutes (ASP.NET Core's
 * {@code TokenValidationParameters.DefaultClockSkew}); an expiry required; issuer and audience
 * validated, so at least one of each must be given unless turned off explicitly; the algorithms
 * HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519), each only with a
 * key of its own type; the provider's keys fetched again every 12 hours (ASP.NET Core's
 * {@code AutomaticRefreshInterval}) and, for a token whose {@code kid} is unknown, at most once a
 * minute; metadata only over https (ASP.NET Core's {@code RequireHttpsMetadata}); the name in the
 * {@code name} claim and roles in {@code role} claims, claim names kept as the token has them
 * (ASP.NET Core with {@code MapInboundClaims = false}).
 *
 * @param issuers the {@code iss} values accepted; empty only when {@code validateIssuer} is false
 * @param audiences the {@code aud} values accepted (one suffices); empty only when {@code validateAudience} is false
 * @param validateIssuer whether {@code iss} is checked
 * @param validateAudience whether {@code aud} is checked
 * @param hmacKeys shared secrets for HS256/384/512, each at least 32 bytes (RFC 7518 §3.2), by key id ("" for none)
 * @param publicKeys RSA, EC and Ed25519 public keys by key id ("" for none)
 * @param jsonWebKeys a JWK set's JSON (RFC 7517), or null
 * @param metadataAddress the OpenID provider's discovery document, or null when keys are configured
 * @param requireHttpsMetadata whether the discovery document and key set must come over https
 * @param algorithms the {@code alg} values accepted
 * @param clockSkew the slack allowed on {@code exp} and {@code nbf}
 * @param requireExpirationTime whether a token without {@code exp} is refused
 * @param nameClaimType the claim the user's name is read from
 * @param roleClaimType the claim roles are read from
 * @param includeErrorDetails whether a challenge says why the token was refused ({@code error_description})
 * @param clock the wall clock tokens are checked against
 * @param automaticRefreshInterval how old a provider's key set may grow before it is fetched again
 * @param refreshInterval the least time between two fetches for an unknown key (or after a failed one)
 * @param metadataTimeout how long one fetch of the provider's documents may take
 */
public record JwtBearerOptions(List<String> issuers, List<String> audiences, boolean validateIssuer, boolean validateAudience,
        Map<String, byte[]> hmacKeys, Map<String, PublicKey> publicKeys, String jsonWebKeys, URI metadataAddress,
        boolean requireHttpsMetadata, Set<String> algorithms, Duration clockSkew, boolean requireExpirationTime,
        String nameClaimType, String roleClaimType, boolean includeErrorDetails, InstantSource clock,
        Duration automaticRefreshInterval, Duration refreshInterval, Duration metadataTimeout) {

    /** The scheme's usual name, ASP.NET Core's {@code JwtBearerDefaults.AuthenticationScheme}. */
    public static final String SCHEME = "Bearer";

    /** Every algorithm the handler can verify (RFC 7518 §3.1 and RFC 8037 §3.1). */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
            "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519");

    /** RFC 7518 §3.2: "A key of the same size as the hash output (for instance, 256 bits for HS256) or larger MUST be used". */
    public static final int MIN_HMAC_KEY_BYTES = 32;

    public JwtBearerOptions {
        issuers = List.copyOf(issuers);
        audiences = List.copyOf(audiences);
        hmacKeys = Map.copyOf(hmacKeys);
        publicKeys = Map.copyOf(publicKeys);
        algorithms = Set.copyOf(algorithms);
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(clock, "clock");
        if (validateIssuer && issuers.isEmpty()) {
            throw new IllegalArgumentException("name the accepted issuer (issuer(...) or authority(...)), or turn issuer validation off");
        }
        if (validateAudience && audiences.isEmpty()) {
            throw new IllegalArgumentException("name the accepted audience (audience(...)), or turn audience validation off");
        }
        if (hmacKeys.isEmpty() && publicKeys.isEmpty() && jsonWebKeys == null && metadataAddress == null) {
            throw new IllegalArgumentException("give the signing keys (hmacKey, publicKey, jsonWebKeys) or an authority to fetch them from");
        }
        for (var key : hmacKeys.entrySet()) {
            if (key.getValue().length < MIN_HMAC_KEY_BYTES) {
                throw new IllegalArgumentException("an HMAC key needs at least " + MIN_HMAC_KEY_BYTES + " bytes (RFC 7518 §3.2); key '"
                        + key.getKey() + "' has " + key.getValue().length);
            }
        }
        for (String algorithm : algorithms) {
            if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new IllegalArgumentException("unsupported algorithm '" + algorithm + "'; supported: " + SUPPORTED_ALGORITHMS);
            }
        }
        if (metadataAddress != null && requireHttpsMetadata && !"https".equalsIgnoreCase(metadataAddress.getScheme())) {
            throw new IllegalArgumentException("the metadata address must use https (" + metadataAddress
                    + "); turn requireHttpsMetadata off only for development");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("the clock skew cannot be negative");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds options. Not thread-safe. */
    public static final class Builder {
        private final List<String> issuers = new ArrayList<>();
        private final List<String> audiences = new ArrayList<>();
        private boolean validateIssuer = true;
        private boolean validateAudience = true;
        private final Map<String, byte[]> hmacKeys = new LinkedHashMap<>();
        private final Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
        private String jsonWebKeys;
        private URI authority;
        private URI metadataAddress;
        private boolean requireHttpsMetadata = true;
        private Set<String> algorithms = new LinkedHashSet<>(List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
                "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"));
        private Duration clockSkew = Duration.ofMinutes(5);
        private boolean requireExpirationTime = true;
        private String nameClaimType = "name";
        private String roleClaimType = "role";
        private boolean includeErrorDetails = true;
        private InstantSource clock = InstantSource.system();
        private Duration automaticRefreshInterval = Duration.ofHours(12);
        private Duration refreshInterval = Duration.ofMinutes(1);
        private Duration metadataTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** An accepted {@code iss}. */
        public Builder issuer(String... accepted) {
            issuers.addAll(List.of(accepted));
            return this;
        }

        /** An accepted {@code aud}. */
        public Builder audience(String... accepted) {
            audiences.addAll(List.of(accepted));
            return this;
        }

        /** Turns the issuer check off; for tokens whose issuer another check covers. */
        public Builder validateIssuer(boolean validate) {
            this.validateIssuer = validate;
            return this;
        }

        /** Turns the audience check off. */
        public Builder validateAudience(boolean validate) {
            this.validateAudience = validate;
            return this;
        }

        /** A shared secret for HS256/384/512 (at least 32 bytes), for tokens with no {@code kid}. */
        public Builder hmacKey(byte[] secret) {
            return hmacKey("", secret);
        }

        /** A shared secret for tokens whose {@code kid} is {@code keyId}. */
        public Builder hmacKey(String keyId, byte[] secret) {
            hmacKeys.put(keyId, secret.clone());
            return this;
        }

        /** An RSA, EC (P-256/384/521) or Ed25519 public key for tokens with {@code kid} {@code keyId} ("" for none). */
        public Builder publicKey(String keyId, PublicKey key) {
            publicKeys.put(keyId, Objects.requireNonNull(key, "key"));
            return this;
        }

        /** The keys of a JWK set (RFC 7517 §5), as JSON. */
        public Builder jsonWebKeys(String json) {
            this.jsonWebKeys = json;
            return this;
        }

        /**
         * The OpenID provider whose keys sign the tokens: its discovery document is
         * {@code authority/.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §4), and
         * its {@code issuer} is accepted unless issuers are named.
         */
        public Builder authority(URI issuer) {
            this.authority = issuer;
            return this;
        }

        /** The discovery document's own address, when it is not under the authority. */
        public Builder metadataAddress(URI address) {
            this.metadataAddress = address;
            return this;
        }

        /** Whether the provider's documents must come over https; default true. Off for a development provider on loopback. */
        public Builder requireHttpsMetadata(boolean require) {
            this.requireHttpsMetadata = require;
            return this;
        }

        /** Only these {@code alg} values (RS256, ES256...). */
        public Builder algorithms(String... accepted) {
            this.algorithms = new LinkedHashSet<>(List.of(accepted));
            return this;
        }

        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        public Builder requireExpirationTime(boolean require) {
            this.requireExpirationTime = require;
            return this;
        }

        public Builder nameClaimType(String type) {
            this.nameClaimType = type;
            return this;
        }

        public Builder roleClaimType(String type) {
            this.roleClaimType = type;
            return this;
        }

        /** Whether challenges say why a token was refused; default true, as in ASP.NET Core. */
        public Builder includeErrorDetails(boolean include) {
            this.includeErrorDetails = include;
            return this;
        }

        /** The clock tokens are checked against and refreshes are timed by; tests give their own. */
        public Builder clock(InstantSource source) {
            this.clock = source;
            return this;
        }

        public Builder automaticRefreshInterval(Duration interval) {
            this.automaticRefreshInterval = interval;
            return this;
        }

        /** The least time between two fetches of the provider's keys for unknown key ids; default one minute. */
        public Builder refreshInterval(Duration interval) {
            this.refreshInterval = interval;
            return this;
        }

        public Builder metadataTimeout(Duration timeout) {
            this.metadataTimeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException for options that would accept what they should not, naming the setting */
        public JwtBearerOptions build() {
            URI metadata = metadataAddress;
            if (metadata == null && authority != null) {
                String base = authority.toString().endsWith("/") ? authority.toString() : authority + "/";
                metadata = URI.create(base + ".well-known/openid-configuration");
            }
            List<String> acceptedIssuers = new ArrayList<>(issuers);
            if (acceptedIssuers.isEmpty() && authority != null) {
                acceptedIssuers.add(authority.toString());
            }
            return new JwtBearerOptions(acceptedIssuers, audiences, validateIssuer, validateAudience, hmacKeys, publicKeys,
                    jsonWebKeys, metadata, requireHttpsMetadata, algorithms, clockSkew, requireExpirationTime, nameClaimType,
                    roleClaimType, includeErrorDetails, clock, automaticRefreshInterval, refreshInterval, metadataTimeout);
        }
    }
}
