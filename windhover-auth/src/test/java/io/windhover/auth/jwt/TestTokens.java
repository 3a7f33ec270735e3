package io.windhover.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;

/** Signs test tokens the way an issuer would: Nimbus's signers, and the JDK's Ed25519 for EdDSA. */
final class TestTokens {

    static final String ISSUER = "https://issuer.test/";
    static final String AUDIENCE = "api://todos";

    private TestTokens() {
    }

    /** Claims a valid token has at {@code now}: issuer, audience, subject, issued now, expiring in an hour. */
    static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("ada").claim("name", "ada")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    static String hmac(JWSAlgorithm algorithm, byte[] secret, String kid, JWTClaimsSet claims) throws JOSEException {
        return sign(new MACSigner(secret), algorithm, kid, claims);
    }

    static String rsa(JWSAlgorithm algorithm, KeyPair pair, String kid, JWTClaimsSet claims) throws JOSEException {
        // Weak keys allowed here: a test signs with a 1024-bit key to see the server refuse it.
        return sign(new RSASSASigner(pair.getPrivate(), java.util.Set.of(com.nimbusds.jose.crypto.opts.AllowWeakRSAKey.getInstance())), algorithm, kid, claims);
    }

    static String ec(JWSAlgorithm algorithm, KeyPair pair, String kid, JWTClaimsSet claims) throws JOSEException {
        return sign(new ECDSASigner((ECPrivateKey) pair.getPrivate()), algorithm, kid, claims);
    }

    static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims) throws JOSEException {
        var jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** An EdDSA token signed by the JDK's Ed25519 (Nimbus's own signer needs Tink). */
    static String ed25519(PrivateKey key, String kid, JWTClaimsSet claims) throws GeneralSecurityException {
        String header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(kid).build().toBase64URL().toString();
        String payload = Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8)).toString();
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key);
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64URL.encode(signature.sign());
    }

    /** The 32-byte public key of an Ed25519 pair, as JWK's {@code x}: the last 32 bytes of its X.509 encoding (RFC 8410 §4). */
    static Base64URL ed25519X(KeyPair pair) {
        byte[] encoded = pair.getPublic().getEncoded();
        return Base64URL.encode(java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }
}
