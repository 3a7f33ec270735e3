package io.windhover.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Development tokens: what they claim, that the bearer scheme's own checks accept them, and the key's floor. */
class HmacJwtIssuerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void issuesAnHs256TokenWithTheClaimsAsked() throws Exception {
        byte[] key = JwtBearerTest.random(32);
        String token = new HmacJwtIssuer(key, "dev", "todos", () -> NOW).issue("ada", List.of("todos:read", "todos:write"), List.of("admin"),
                Duration.ofMinutes(30));
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.verify(new MACVerifier(key))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("dev");
        assertThat(claims.getAudience()).containsExactly("todos");
        assertThat(claims.getSubject()).isEqualTo("ada");
        assertThat(claims.getStringClaim("scope")).isEqualTo("todos:read todos:write");
        assertThat(claims.getStringClaim("role")).isEqualTo("admin");
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(30))));
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void refusesAKeyUnder32Bytes() {
        assertThatThrownBy(() -> new HmacJwtIssuer(new byte[31], "dev", "todos", () -> NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 31");
    }
}
