package io.windhover.tls.internal;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a self-signed X.509 v3 server certificate (RFC 5280), on an EC P-256 key unless given another, for local
 * development: the JDK can sign one but has no public API to build one, so it is encoded here.
 *
 * <pre>
 *   Certificate    = SEQUENCE { tbsCertificate, signatureAlgorithm, signature BIT STRING }
 *   TBSCertificate = SEQUENCE { [0] version 2 (v3), serialNumber, signature, issuer, validity,
 *                               subject, subjectPublicKeyInfo, [3] extensions }
 * </pre>
 */
public final class SelfSignedCertificate {

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** RFC 5280 §4.1.2.5: UTCTime for dates through 2049. */
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The key pair and the certificate made for it. */
    public record Made(KeyPair keys, X509Certificate certificate) {
    }

    private SelfSignedCertificate() {
    }

    /**
     * A certificate for {@code dnsNames} and {@code addresses}, valid from a day before now for
     * {@code validity}, for server authentication only.
     */
    public static Made create(String commonName, List<String> dnsNames, List<InetAddress> addresses, Duration validity)
            throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return create(generator.generateKeyPair(), commonName, dnsNames, addresses, validity);
    }

    /** The same for a key pair of one's own, EC or RSA (signed with SHA-256 either way). */
    public static Made create(KeyPair keys, String commonName, List<String> dnsNames, List<InetAddress> addresses,
            Duration validity) throws GeneralSecurityException {
        boolean rsa = keys.getPrivate().getAlgorithm().equals("RSA");
        // RFC 5758 §3.2: ecdsa-with-SHA256 has no parameters; RFC 4055: sha256WithRSAEncryption has NULL.
        byte[] algorithm = rsa ? Der.sequence(Der.oid(SHA256_WITH_RSA), Der.nullValue()) : Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        Instant notAfter = notBefore.plus(validity);
        byte[] name = Der.sequence(Der.element(Der.SET, Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(64, new SecureRandom()).setBit(63)),
                algorithm,
                name,
                Der.sequence(time(notBefore), time(notAfter)),
                name,
                keys.getPublic().getEncoded(),
                Der.explicit(3, Der.sequence(
                        extension(BASIC_CONSTRAINTS, true, Der.sequence()),
                        // digitalSignature only: bit 0, so 7 unused bits of one byte 0x80
                        extension(KEY_USAGE, true, Der.element(Der.BIT_STRING, new byte[] {7, (byte) 0x80})),
                        extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
                        extension(SUBJECT_ALTERNATIVE_NAME, false, alternativeNames(dnsNames, addresses)))));
        var signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        var parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
        parsed.verify(keys.getPublic());
        return new Made(keys, parsed);
    }

    private static byte[] time(Instant instant) {
        return Der.element(Der.UTC_TIME, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), new byte[] {0x01, 0x01, (byte) 0xFF}, Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** GeneralNames: {@code [2] dNSName} (IA5String) and {@code [7] iPAddress} (4 or 16 octets). */
    private static byte[] alternativeNames(List<String> dnsNames, List<InetAddress> addresses) {
        List<byte[]> names = new ArrayList<>();
        for (String dns : dnsNames) {
            names.add(Der.implicitPrimitive(2, dns.getBytes(StandardCharsets.US_ASCII)));
        }
        for (InetAddress address : addresses) {
            names.add(Der.implicitPrimitive(7, address.getAddress()));
        }
        return Der.sequence(names.toArray(byte[][]::new));
    }
}
