package io.windhover.auth.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the keys that may have signed a token come from: the configuration ({@link StaticSigningKeys})
 * or an OpenID provider ({@link OpenIdSigningKeys}). Thread-safe.
 */
interface SigningKeys {

    /**
     * The keys that may have signed a token with {@code header}: of the type its algorithm needs
     * (an RSA key never verifies HS256: no algorithm confusion), meant for signatures, with its
     * {@code kid} when both have one.
     *
     * @throws IllegalStateException when the keys cannot be had at all (the provider unreachable
     *     and nothing fetched before)
     */
    List<JWK> candidates(JWSHeader header);

    /** Keys of {@code set} that fit {@code header}, as described above. */
    static List<JWK> match(JWKSet set, JWSHeader header) {
        // Nimbus's matcher checks the key type, curve, use and alg for the header's algorithm; the
        // kid is compared here so that a configured key without one serves tokens with any.
        JWKMatcher matcher = JWKMatcher.forJWSHeader(new JWSHeader.Builder(header).keyID(null).build());
        List<JWK> candidates = new ArrayList<>();
        if (matcher == null) {
            return candidates; // an algorithm Nimbus has no key type for
        }
        String kid = header.getKeyID();
        for (JWK key : set.getKeys()) {
            if (matcher.matches(key) && (kid == null || key.getKeyID() == null || kid.equals(key.getKeyID()))) {
                candidates.add(key);
            }
        }
        return candidates;
    }
}
