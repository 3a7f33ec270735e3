package io.windhover.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.tls.internal.Der;
import io.windhover.tls.internal.SelfSignedCertificate;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every certificate and key file form OpenSSL and keytool write, and the clear errors for the ones that cannot serve. */
class CertificateFilesTest {

    @TempDir
    Path folder;

    private static SelfSignedCertificate.Made ec() throws Exception {
        return SelfSignedCertificate.create("ec.test", List.of("ec.test"), List.of(), Duration.ofDays(30));
    }

    private static SelfSignedCertificate.Made rsa() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        return SelfSignedCertificate.create(keys, "rsa.test", List.of("rsa.test", "*.rsa.test"), List.of(), Duration.ofDays(30));
    }

    private Path pem(String name, String label, byte[] der) throws Exception {
        return pem(name, label, "", der);
    }

    private Path pem(String name, String label, String headers, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Path file = folder.resolve(name);
        Files.writeString(file, "-----BEGIN " + label + "-----\n" + headers + body + "\n-----END " + label + "-----\n");
        return file;
    }

    private Path certificate(SelfSignedCertificate.Made made) throws Exception {
        return pem("cert.pem", "CERTIFICATE", made.certificate().getEncoded());
    }

    /** The inner key of a PKCS#8 structure: {@code SEQUENCE { version, algorithm, OCTET STRING key }}. */
    private static byte[] innerKey(PrivateKey key) {
        return Der.read(key.getEncoded()).getFirst().children().get(2).value();
    }

    @Test
    void readsAPkcs8KeyWithItsChain() throws Exception {
        var made = ec();
        var certificate = ServerCertificate.fromPem(certificate(made), pem("key.pem", "PRIVATE KEY", made.keys().getPrivate().getEncoded()), null);

        assertThat(certificate.chain()).containsExactly(made.certificate());
        assertThat(certificate.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.hostNames()).containsExactly("ec.test");
    }

    @Test
    void readsAPkcs1RsaKey() throws Exception {
        var made = rsa();
        var certificate = ServerCertificate.fromPem(certificate(made),
                pem("key.pem", "RSA PRIVATE KEY", innerKey(made.keys().getPrivate())), null);

        assertThat(certificate.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(certificate.hostNames()).containsExactly("rsa.test", "*.rsa.test");
    }

    @Test
    void readsASec1EcKeyThatNamesItsCurve() throws Exception {
        var made = ec();
        // RFC 5915: SEQUENCE { version 1, privateKey, [0] namedCurve } — OpenSSL always writes the curve.
        List<Der.Element> fields = Der.read(innerKey(made.keys().getPrivate())).getFirst().children();
        byte[] sec1 = Der.sequence(Der.element(fields.get(0).tag(), fields.get(0).value()),
                Der.element(fields.get(1).tag(), fields.get(1).value()), Der.explicit(0, Der.oid("1.2.840.10045.3.1.7")));
        var certificate = ServerCertificate.fromPem(certificate(made), pem("key.pem", "EC PRIVATE KEY", sec1), null);

        assertThat(certificate.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void readsAnEncryptedPkcs8KeyWithItsPasswordOnly() throws Exception {
        var made = ec();
        Path key = pem("key.pem", "ENCRYPTED PRIVATE KEY", encrypt(made.keys().getPrivate(), "s3cret"));
        Path cert = certificate(made);

        assertThat(ServerCertificate.fromPem(cert, key, "s3cret").privateKey().getEncoded())
                .isEqualTo(made.keys().getPrivate().getEncoded());
        assertThatThrownBy(() -> ServerCertificate.fromPem(cert, key, "wrong"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("the password is wrong");
        assertThatThrownBy(() -> ServerCertificate.fromPem(cert, key, null))
                .isInstanceOf(CertificateException.class).hasMessageContaining("is encrypted: give its password");
    }

    /** What {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes: PBES2 with PBKDF2-HMAC-SHA256. */
    private static byte[] encrypt(PrivateKey key, String password) throws Exception {
        String scheme = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        var secret = SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password.toCharArray()));
        var cipher = Cipher.getInstance(scheme);
        cipher.init(Cipher.ENCRYPT_MODE, secret, new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        // RFC 8018 A.4: SEQUENCE { AlgorithmIdentifier { id-PBES2, PBES2-params }, OCTET STRING }
        return Der.sequence(Der.sequence(Der.oid("1.2.840.113549.1.5.13"), cipher.getParameters().getEncoded()),
                Der.octetString(cipher.doFinal(key.getEncoded())));
    }

    @Test
    void refusesLegacyOpenSslEncryptionWithTheCommandThatConvertsIt() throws Exception {
        var made = rsa();
        Path key = pem("key.pem", "RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\n",
                innerKey(made.keys().getPrivate()));

        assertThatThrownBy(() -> ServerCertificate.fromPem(certificate(made), key, "pw"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void refusesAKeyThatDoesNotMatchItsCertificate() throws Exception {
        var made = ec();
        var other = ec();
        Path key = pem("key.pem", "PRIVATE KEY", other.keys().getPrivate().getEncoded());

        assertThatThrownBy(() -> ServerCertificate.fromPem(certificate(made), key, null))
                .isInstanceOf(CertificateException.class).hasMessageContaining("does not match the certificate");
    }

    @Test
    void namesAMissingFile() throws Exception {
        var made = ec();
        Path key = pem("key.pem", "PRIVATE KEY", made.keys().getPrivate().getEncoded());

        assertThatThrownBy(() -> ServerCertificate.fromPem(folder.resolve("absent.pem"), key, null))
                .isInstanceOf(CertificateException.class).hasMessageContaining("absent.pem does not exist");
        assertThatThrownBy(() -> ServerCertificate.fromPkcs12(folder.resolve("absent.p12"), "pw"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("absent.p12 does not exist");
    }

    @Test
    void refusesAFileWithoutAKey() throws Exception {
        var made = ec();
        Path cert = certificate(made);

        assertThatThrownBy(() -> ServerCertificate.fromPem(cert, cert, null))
                .isInstanceOf(CertificateException.class).hasMessageContaining("holds no PEM private key");
    }

    @Test
    void readsPkcs12AndNamesAWrongPassword() throws Exception {
        var made = rsa();
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", made.keys().getPrivate(), "changeit".toCharArray(), new Certificate[] {made.certificate()});
        Path file = folder.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }

        var certificate = ServerCertificate.fromPkcs12(file, "changeit");
        assertThat(certificate.chain()).containsExactly(made.certificate());
        assertThatThrownBy(() -> ServerCertificate.fromPkcs12(file, "nope"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("the password is wrong");
    }

    @Test
    void reloadsOnlyWhenItsFilesChange() throws Exception {
        var made = ec();
        Path cert = certificate(made);
        Path key = pem("key.pem", "PRIVATE KEY", made.keys().getPrivate().getEncoded());
        var loaded = ServerCertificate.fromPem(cert, key, null);

        assertThat(loaded.reloaded()).isSameAs(loaded);

        var renewed = ec();
        pem("cert.pem", "CERTIFICATE", renewed.certificate().getEncoded());
        pem("key.pem", "PRIVATE KEY", renewed.keys().getPrivate().getEncoded());
        Files.setLastModifiedTime(cert, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        X509Certificate served = loaded.reloaded().chain().getFirst();
        assertThat(served).isEqualTo(renewed.certificate());
    }
}
