package io.windhover.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentCertificateTest {

    @TempDir
    Path folder;

    @Test
    void makesTheCertificateOnFirstUseAndServesTheSameOneAfter() throws Exception {
        var development = DevelopmentCertificate.in(folder.resolve("dev-certs"));
        assertThat(development.exists()).isFalse();

        ServerCertificate first = development.loadOrCreate();
        ServerCertificate second = development.loadOrCreate();

        assertThat(development.exists()).isTrue();
        assertThat(second.chain().getFirst()).isEqualTo(first.chain().getFirst());
        assertThat(first.hostNames()).containsExactly("localhost");
        assertThat(first.chain().getFirst().getSubjectAlternativeNames())
                .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(development.keyFile())))
                .as("the key is its owner's only").isEqualTo("rw-------");
    }

    @Test
    void saysWhereItIsAndHowToTrustIt() {
        var development = DevelopmentCertificate.in(folder);
        var certificate = development.loadOrCreate().chain().getFirst();

        assertThat(development.trustInstructions(certificate))
                .contains("curl --cacert " + development.certificateFile())
                .contains("--ignore-certificate-errors-spki-list=" + DevelopmentCertificate.spkiHash(certificate));
        assertThat(DevelopmentCertificate.spkiHash(certificate)).hasSize(44); // base64 of 32 bytes
    }
}
