package io.windhover.tls.internal;

import io.windhover.tls.CertificateException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM files (RFC 7468): certificate chains, and private keys in the forms OpenSSL writes —
 * PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) and SEC 1 ({@code EC PRIVATE KEY}). Legacy OpenSSL encryption of the
 * last two ({@code Proc-Type: 4,ENCRYPTED}) is refused with the command that converts it.
 */
public final class PemFiles {

    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "RSASSA-PSS", "Ed25519", "Ed448"};

    private PemFiles() {
    }

    /** A PEM block: its label ({@code CERTIFICATE}), its headers text (legacy encryption) and its bytes. */
    record Block(String label, String headers, byte[] der) {
    }

    /** The certificates of {@code file}, leaf first, as the file lists them. */
    public static List<X509Certificate> readCertificates(Path file) {
        String text = readText(file, "certificate");
        try {
            var factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (Block block : blocks(text)) {
                if (block.label().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
            if (chain.isEmpty()) {
                throw new CertificateException("certificate file " + file + " holds no PEM 'CERTIFICATE' block");
            }
            return chain;
        } catch (java.security.cert.CertificateException e) {
            throw new CertificateException("certificate file " + file + " is not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The private key of {@code file}.
     *
     * @param password for an encrypted key; null when it is not encrypted
     */
    public static PrivateKey readPrivateKey(Path file, String password) {
        String text = readText(file, "key");
        for (Block block : blocks(text)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, block.der());
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    return decrypt(file, block.der(), password);
                }
                case "RSA PRIVATE KEY" -> {
                    refuseLegacyEncryption(file, block);
                    return pkcs8(file, wrapPkcs8(Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()), block.der()));
                }
                case "EC PRIVATE KEY" -> {
                    refuseLegacyEncryption(file, block);
                    return pkcs8(file, wrapPkcs8(Der.sequence(Der.oid(EC_PUBLIC_KEY), curveOf(file, block.der())), block.der()));
                }
                default -> {
                    // "EC PARAMETERS" and the like come before the key in some files
                }
            }
        }
        throw new CertificateException("key file " + file + " holds no PEM private key block "
                + "('PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY')");
    }

    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                return blocks;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                return blocks;
            }
            String label = text.substring(begin + 11, labelEnd);
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, labelEnd);
            if (end < 0) {
                throw new IllegalArgumentException("PEM block '" + label + "' has no end line");
            }
            String body = text.substring(labelEnd + 5, end);
            String headers = "";
            int blank = body.indexOf("\n\n");
            if (body.contains(":") && blank >= 0) {
                // RFC 1421 headers (Proc-Type, DEK-Info) end with an empty line
                headers = body.substring(0, blank);
                body = body.substring(blank);
            }
            byte[] der = Base64.getMimeDecoder().decode(body.strip());
            blocks.add(new Block(label, headers, der));
            from = end + endMarker.length();
        }
    }

    private static String readText(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).replace("\r\n", "\n");
        } catch (NoSuchFileException e) {
            throw new CertificateException(what + " file " + file.toAbsolutePath() + " does not exist", e);
        } catch (IOException e) {
            throw new CertificateException("cannot read " + what + " file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        var spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // not this algorithm: try the next
            }
        }
        throw new CertificateException("key file " + file + " holds a private key of an unsupported algorithm");
    }

    private static PrivateKey decrypt(Path file, byte[] der, String password) {
        if (password == null) {
            throw new CertificateException("key file " + file + " is encrypted: give its password");
        }
        try {
            var info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 the parameters name the whole scheme ("PBEWithHmacSHA256AndAES_256").
            String scheme = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            var secret = SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password.toCharArray()));
            var cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            return pkcs8(file, info.getKeySpec(cipher).getEncoded());
        } catch (InvalidKeySpecException e) {
            throw new CertificateException("key file " + file + ": the password is wrong", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new CertificateException("key file " + file + ": cannot decrypt the key (" + e.getMessage() + ")", e);
        }
    }

    private static void refuseLegacyEncryption(Path file, Block block) {
        if (block.headers().contains("ENCRYPTED")) {
            throw new CertificateException("key file " + file + " uses OpenSSL's legacy PEM encryption; convert it "
                    + "with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + file.getFileName() + " -out key.pem");
        }
    }

    /**
     * PKCS#8 around a PKCS#1 or SEC 1 key (RFC 5208):
     * {@code SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key }}.
     */
    private static byte[] wrapPkcs8(byte[] algorithmIdentifier, byte[] key) {
        return Der.sequence(Der.integer(java.math.BigInteger.ZERO), algorithmIdentifier, Der.octetString(key));
    }

    /**
     * The named curve of a SEC 1 key (RFC 5915): {@code SEQUENCE { version, privateKey,
     * [0] parameters (the curve's OID), [1] publicKey }}, as the whole OID element.
     */
    private static byte[] curveOf(Path file, byte[] sec1) {
        try {
            for (Der.Element field : Der.read(sec1).getFirst().children()) {
                if (field.tag() == 0xA0) {
                    Der.Element oid = field.children().getFirst();
                    return Der.element(oid.tag(), oid.value());
                }
            }
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            throw new CertificateException("key file " + file + " holds a malformed EC private key", e);
        }
        throw new CertificateException("key file " + file + ": the EC private key does not name its curve");
    }
}
