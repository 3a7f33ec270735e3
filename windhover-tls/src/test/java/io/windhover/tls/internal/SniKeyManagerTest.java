package io.windhover.tls.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.ServerCertificate;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which certificate a handshake gets for the host name it sent (SNI) and the keys it can use. */
class SniKeyManagerTest {

    private static final ServerCertificate DEFAULT = ServerCertificate.selfSigned("default.test");
    private static final ServerCertificate EXACT = ServerCertificate.selfSigned("api.example.com");
    private static final ServerCertificate WILDCARD = ServerCertificate.selfSigned("*.example.com");

    private static Map.Entry<String, ServerCertificate> entry(String name, ServerCertificate certificate) {
        return new AbstractMap.SimpleImmutableEntry<>(name, certificate);
    }

    @Test
    void prefersTheExactNameThenAWildcardThenTheDefault() {
        var manager = new SniKeyManager(List.of(entry(null, DEFAULT), entry(null, WILDCARD), entry(null, EXACT)));

        assertThat(manager.select("api.example.com", "EC")).isSameAs(EXACT);
        assertThat(manager.select("API.Example.COM", "EC")).as("host names are case-insensitive").isSameAs(EXACT);
        assertThat(manager.select("www.example.com", "EC")).isSameAs(WILDCARD);
        assertThat(manager.select("a.b.example.com", "EC")).as("a wildcard covers one label").isSameAs(DEFAULT);
        assertThat(manager.select("example.com", "EC")).isSameAs(DEFAULT);
        assertThat(manager.select(null, "EC")).as("no SNI").isSameAs(DEFAULT);
    }

    @Test
    void servesAConfiguredNameInsteadOfTheCertificatesOwn() {
        var manager = new SniKeyManager(List.of(entry(null, DEFAULT), entry("shop.test", EXACT)));

        assertThat(manager.select("shop.test", "EC")).isSameAs(EXACT);
        assertThat(manager.select("api.example.com", "EC")).isSameAs(DEFAULT);
    }

    @Test
    void choosesTheCertificateWhoseKeyTheClientCanUse() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var rsaMade = SelfSignedCertificate.create(generator.generateKeyPair(), "api.example.com", List.of("api.example.com"),
                List.of(), Duration.ofDays(1));
        var rsa = ServerCertificate.of(rsaMade.keys().getPrivate(), List.of(rsaMade.certificate()));
        var manager = new SniKeyManager(List.of(entry(null, EXACT), entry(null, rsa)));

        assertThat(manager.select("api.example.com", "EC")).isSameAs(EXACT);
        assertThat(manager.select("api.example.com", "RSA")).isSameAs(rsa);
        assertThat(manager.select("api.example.com", "RSASSA-PSS")).as("TLS 1.3's RSA-PSS schemes").isSameAs(rsa);
        assertThat(manager.select("api.example.com", "DSA")).isNull();
    }

    @Test
    void neverServesAnotherNamesCertificateForAKeyTypeTheNameLacks() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var rsaMade = SelfSignedCertificate.create(generator.generateKeyPair(), "rsa.test", List.of("rsa.test"),
                List.of(), Duration.ofDays(1));
        var rsa = ServerCertificate.of(rsaMade.keys().getPrivate(), List.of(rsaMade.certificate()));
        var manager = new SniKeyManager(List.of(entry(null, DEFAULT), entry(null, rsa)));

        // The JDK asks for EC first when the client prefers ECDSA: no EC certificate serves rsa.test.
        assertThat(manager.select("rsa.test", "EC")).isNull();
        assertThat(manager.select("rsa.test", "RSA")).isSameAs(rsa);
        assertThat(manager.select("other.test", "EC")).isSameAs(DEFAULT);
    }

    @Test
    void matchesWildcardsByRfc6125() {
        assertThat(SniKeyManager.matchesWildcard("*.example.com", "a.example.com")).isTrue();
        assertThat(SniKeyManager.matchesWildcard("*.example.com", "example.com")).isFalse();
        assertThat(SniKeyManager.matchesWildcard("*.example.com", ".example.com")).isFalse();
        assertThat(SniKeyManager.matchesWildcard("*.example.com", "a.b.example.com")).isFalse();
        assertThat(SniKeyManager.matchesWildcard("*.example.com", "aexample.com")).isFalse();
        assertThat(SniKeyManager.matchesWildcard("a.example.com", "a.example.com")).as("not a wildcard").isFalse();
    }
}
