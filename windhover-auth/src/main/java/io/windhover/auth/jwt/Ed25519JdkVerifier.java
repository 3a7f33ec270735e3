package io.windhover.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * Verifies EdDSA (Ed25519) JWS signatures with the JDK's own Ed25519 (JEP 339): Nimbus's
 * {@code Ed25519Verifier} needs Google Tink, whose jars (and Protocol Buffers') every user of this
 * module would then carry for one algorithm. Nimbus still parses the token and hands over the
 * signing input; the JDK does the mathematics; this class only puts the JWK's public key into the
 * form the JDK reads.
 *
 * <p>Thread-safe: a {@link Signature} is made per verification.
 */
final class Ed25519JdkVerifier implements JWSVerifier {

    /**
     * RFC 8410 §4 and its §10.1 example: an Ed25519 SubjectPublicKeyInfo is this fixed DER prefix
     * (SEQUENCE, AlgorithmIdentifier id-Ed25519 1.3.101.112, BIT STRING of 33 bytes with no unused
     * bits) followed by the 32-byte public key as RFC 8032 §5.1.2 encodes it, which is JWK's
     * {@code x} (RFC 8037 §2).
     */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int PUBLIC_KEY_BYTES = 32;

    private final PublicKey publicKey;
    private final JCAContext jca = new JCAContext();

    Ed25519JdkVerifier(OctetKeyPair jwk) throws JOSEException {
        if (!Curve.Ed25519.equals(jwk.getCurve())) {
            throw new JOSEException("only Ed25519 keys verify EdDSA here, not " + jwk.getCurve());
        }
        byte[] x = jwk.getDecodedX();
        if (x.length != PUBLIC_KEY_BYTES) {
            throw new JOSEException("an Ed25519 public key has 32 bytes, not " + x.length);
        }
        byte[] encoded = new byte[SPKI_PREFIX.length + PUBLIC_KEY_BYTES];
        System.arraycopy(SPKI_PREFIX, 0, encoded, 0, SPKI_PREFIX.length);
        System.arraycopy(x, 0, encoded, SPKI_PREFIX.length, PUBLIC_KEY_BYTES);
        try {
            this.publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!supportedJWSAlgorithms().contains(header.getAlgorithm())) {
            return false;
        }
        // RFC 7515 §4.1.11: a recipient that does not understand a critical extension must refuse the JWS.
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signingInput);
            return verifier.verify(signature.decode());
        } catch (java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Ed25519 verification failed: " + e.getMessage(), e);
        }
    }
}
