package io.windhover.tls.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

    @Test
    void makesAVersion3ServerCertificateForTheNamesAndAddressesGiven() throws Exception {
        var made = SelfSignedCertificate.create("localhost", List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), Duration.ofDays(10));
        var certificate = made.certificate();

        certificate.verify(made.keys().getPublic());
        certificate.checkValidity();
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(10));
    }
}
