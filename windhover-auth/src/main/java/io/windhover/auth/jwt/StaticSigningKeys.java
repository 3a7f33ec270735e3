package io.windhover.auth.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The keys the options name, made into one JWK set once. */
final class StaticSigningKeys implements SigningKeys {

    private final JWKSet keys;

    StaticSigningKeys(JwtBearerOptions options) {
        List<JWK> all = new ArrayList<>();
        for (Map.Entry<String, byte[]> secret : options.hmacKeys().entrySet()) {
            all.add(new OctetSequenceKey.Builder(secret.getValue()).keyID(keyId(secret.getKey())).keyUse(KeyUse.SIGNATURE).build());
        }
        for (Map.Entry<String, PublicKey> key : options.publicKeys().entrySet()) {
            all.add(jwk(keyId(key.getKey()), key.getValue()));
        }
        if (options.jsonWebKeys() != null) {
            try {
                all.addAll(JWKSet.parse(options.jsonWebKeys()).getKeys());
            } catch (ParseException e) {
                throw new IllegalArgumentException("the JSON web keys do not parse: " + e.getMessage(), e);
            }
        }
        this.keys = new JWKSet(all);
    }

    @Override
    public List<JWK> candidates(JWSHeader header) {
        return SigningKeys.match(keys, header);
    }

    private static String keyId(String id) {
        return id.isEmpty() ? null : id;
    }

    private static JWK jwk(String keyId, PublicKey key) {
        return switch (key) {
            case RSAPublicKey rsa -> new RSAKey.Builder(rsa).keyID(keyId).keyUse(KeyUse.SIGNATURE).build();
            case ECPublicKey ec -> new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(keyId).keyUse(KeyUse.SIGNATURE).build();
            default -> throw new IllegalArgumentException("a public key is RSA or EC here (an Ed25519 key goes in jsonWebKeys as an OKP JWK), not "
                    + key.getAlgorithm());
        };
    }
}
