package io.windhover.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

/** The JDK-backed EdDSA verifier against RFC 8037's own example, and its refusals. */
class Ed25519JdkVerifierTest {

    /** RFC 8037 Appendix A.2: the example public key. */
    private static final Base64URL RFC_X = new Base64URL("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    /** RFC 8037 Appendix A.4: "Example of Ed25519 signing" signed with that key. */
    private static final String RFC_JWS = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
            + "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    @Test
    void verifiesRfc8037sExample() throws Exception {
        var verifier = new Ed25519JdkVerifier(new OctetKeyPair.Builder(Curve.Ed25519, RFC_X).build());
        JWSObject jws = JWSObject.parse(RFC_JWS);
        assertThat(jws.verify(verifier)).isTrue();
        assertThat(jws.getPayload().toString()).isEqualTo("Example of Ed25519 signing");
    }

    @Test
    void refusesTheExampleWithOneBitOfItsSignatureChanged() throws Exception {
        var verifier = new Ed25519JdkVerifier(new OctetKeyPair.Builder(Curve.Ed25519, RFC_X).build());
        byte[] signature = new Base64URL(RFC_JWS.substring(RFC_JWS.lastIndexOf('.') + 1)).decode();
        signature[10] ^= 1;
        String tampered = RFC_JWS.substring(0, RFC_JWS.lastIndexOf('.') + 1) + Base64URL.encode(signature);
        assertThat(JWSObject.parse(tampered).verify(verifier)).isFalse();
    }

    @Test
    void refusesAHeaderWithACriticalExtensionItDoesNotKnow() throws Exception {
        var verifier = new Ed25519JdkVerifier(new OctetKeyPair.Builder(Curve.Ed25519, RFC_X).build());
        var header = new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.EdDSA)
                .criticalParams(java.util.Set.of("exp")).customParam("exp", 1).build();
        assertThat(verifier.verify(header, "a.b".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new Base64URL("AA"))).isFalse();
    }

    @Test
    void refusesAKeyOfAnotherCurveOrLength() {
        assertThatThrownBy(() -> new Ed25519JdkVerifier(new OctetKeyPair.Builder(Curve.Ed448, RFC_X).build()))
                .isInstanceOf(JOSEException.class).hasMessageContaining("only Ed25519");
        assertThatThrownBy(() -> new Ed25519JdkVerifier(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(new byte[31])).build()))
                .isInstanceOf(JOSEException.class).hasMessageContaining("32 bytes, not 31");
    }
}
