package io.windhover.auth.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenID provider's signing keys: its discovery document (OpenID Connect Discovery 1.0 §4) names
 * its {@code jwks_uri}, whose JWK set is fetched on first need and kept. ASP.NET Core's
 * {@code ConfigurationManager<OpenIdConnectConfiguration>}. The set is fetched again when it is
 * older than the automatic refresh interval, and when a token names a {@code kid} the set does not
 * have (the provider rotated its keys) — but never more than once per refresh interval, so tokens
 * with made-up key ids cannot make the server hammer the provider. A fetch that fails keeps the
 * keys it had; with none at all, the request fails (500), as in ASP.NET Core, and the next fetch
 * waits the same interval.
 *
 * <p>Thread-safe: one fetch at a time; requests that wait for it then use its keys. All timing
 * reads the options' clock.
 */
final class OpenIdSigningKeys implements SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(OpenIdSigningKeys.class);

    /** 256 KiB: a provider's key set is a few KiB (a handful of RSA keys); a larger answer is refused. */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    private record Snapshot(JWKSet keys, Instant fetchedAt) {
    }

    private final JwtBearerOptions options;
    private final HttpClient client;
    private volatile Snapshot snapshot;
    /** Guarded by this. */
    private Instant lastAttempt;
    private volatile int fetches;

    OpenIdSigningKeys(JwtBearerOptions options) {
        this.options = options;
        this.client = HttpClient.newBuilder().connectTimeout(options.metadataTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public List<JWK> candidates(JWSHeader header) {
        Snapshot current = snapshot;
        Instant now = options.clock().instant();
        if (current == null || !now.isBefore(current.fetchedAt().plus(options.automaticRefreshInterval()))) {
            current = refresh(current, now);
        }
        List<JWK> candidates = SigningKeys.match(current.keys(), header);
        String kid = header.getKeyID();
        if (candidates.isEmpty() && kid != null && current.keys().getKeyByKeyId(kid) == null) {
            current = refresh(current, now);
            candidates = SigningKeys.match(current.keys(), header);
        }
        return candidates;
    }

    /** How many times the documents were fetched, for tests. */
    int fetches() {
        return fetches;
    }

    private synchronized Snapshot refresh(Snapshot seen, Instant now) {
        if (snapshot != seen) {
            return snapshot; // another request fetched while this one waited
        }
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(options.refreshInterval()))) {
            if (seen == null) {
                throw new IllegalStateException("the signing keys of " + options.metadataAddress()
                        + " could not be fetched; the next try is at " + lastAttempt.plus(options.refreshInterval()));
            }
            return seen;
        }
        lastAttempt = now;
        fetches++;
        try {
            Snapshot fetched = new Snapshot(fetch(), now);
            snapshot = fetched;
            return fetched;
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            if (seen == null) {
                throw new IllegalStateException("the signing keys of " + options.metadataAddress() + " could not be fetched: " + e.getMessage(), e);
            }
            LOG.warn("the signing keys of {} could not be fetched again, keeping those fetched at {}: {}",
                    options.metadataAddress(), seen.fetchedAt(), e.toString());
            return seen;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching the signing keys of " + options.metadataAddress(), e);
        }
    }

    private JWKSet fetch() throws IOException, InterruptedException, java.text.ParseException {
        Map<String, Object> discovery = JSONObjectUtils.parse(get(options.metadataAddress()));
        Object jwksUri = discovery.get("jwks_uri");
        if (!(jwksUri instanceof String address)) {
            throw new IOException("the discovery document has no jwks_uri");
        }
        URI keys = URI.create(address);
        if (options.requireHttpsMetadata() && !"https".equalsIgnoreCase(keys.getScheme())) {
            throw new IOException("the jwks_uri " + keys + " is not https");
        }
        return JWKSet.parse(get(keys));
    }

    private String get(URI address) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(address).timeout(options.metadataTimeout()).header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(address + " answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw new IOException(address + " answered more than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
