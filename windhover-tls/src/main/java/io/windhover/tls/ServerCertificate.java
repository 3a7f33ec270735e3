package io.windhover.tls;

import io.windhover.tls.internal.PemFiles;
import io.windhover.tls.internal.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A server's certificate chain and private key, checked to belong together when loaded.
 *
 * <pre>{@code
 * var certificate = ServerCertificate.fromPem(Path.of("cert.pem"), Path.of("key.pem"), null);
 * var p12 = ServerCertificate.fromPkcs12(Path.of("server.p12"), "password");
 * }</pre>
 *
 * <p>One loaded from files remembers them: {@link #reloaded()} reads them again when they changed,
 * which is how an end point picks up a renewed certificate without a restart.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerCertificate {

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final List<String> hostNames;
    private final Source source;

    /** Where it came from, to reload it: the files, the password, and their times when read. */
    private record Source(Path certificate, Path key, String password, FileTime certificateTime, FileTime keyTime) {
    }

    private ServerCertificate(PrivateKey privateKey, List<X509Certificate> chain, Source source, String origin) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new CertificateException(origin + ": no certificate");
        }
        this.source = source;
        checkKeyMatches(origin);
        this.hostNames = namesOf(this.chain.getFirst());
    }

    /** A certificate already in memory: a chain, leaf first, and the leaf's private key. */
    public static ServerCertificate of(PrivateKey privateKey, List<X509Certificate> chain) {
        return new ServerCertificate(privateKey, chain, null, "the certificate given");
    }

    /**
     * A new self-signed certificate (EC P-256, valid for a year) for {@code hostNames}: for tests
     * and local development, never for production, since nobody trusts it without being told to.
     * Host names that are IP addresses go in as IP address names.
     *
     * <pre>{@code
     * var certificate = ServerCertificate.selfSigned("localhost", "127.0.0.1");
     * }</pre>
     */
    public static ServerCertificate selfSigned(String... hostNames) {
        if (hostNames.length == 0) {
            throw new IllegalArgumentException("a certificate needs at least one host name");
        }
        List<String> dns = new ArrayList<>();
        List<java.net.InetAddress> addresses = new ArrayList<>();
        for (String name : hostNames) {
            if (name.matches("[0-9.]+") || name.contains(":")) {
                try {
                    addresses.add(java.net.InetAddress.getByName(name));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException("not an IP address: " + name, e);
                }
            } else {
                dns.add(name);
            }
        }
        try {
            var made = SelfSignedCertificate.create(hostNames[0], dns, addresses, java.time.Duration.ofDays(365));
            return of(made.keys().getPrivate(), List.of(made.certificate()));
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a PKCS#12 file ({@code .p12}, {@code .pfx}) holding one private key and its chain.
     *
     * @throws CertificateException for a missing file, a wrong password, or no key in it
     */
    public static ServerCertificate fromPkcs12(Path file, String password) {
        Objects.requireNonNull(file, "file");
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                String alias = aliases.nextElement();
                if (store.isKeyEntry(alias)) {
                    var key = (PrivateKey) store.getKey(alias, secret);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (var certificate : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) certificate);
                    }
                    return new ServerCertificate(key, chain, new Source(file, null, password, modified(file), null),
                            "PKCS#12 file " + file);
                }
            }
            throw new CertificateException("PKCS#12 file " + file + " holds no private key entry");
        } catch (NoSuchFileException e) {
            throw new CertificateException("certificate file " + file.toAbsolutePath() + " does not exist", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new CertificateException("PKCS#12 file " + file + ": the password is wrong", e);
            }
            throw new CertificateException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        } catch (UnrecoverableKeyException e) {
            throw new CertificateException("PKCS#12 file " + file + ": the password is wrong", e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * Reads a PEM certificate chain (leaf first) and a PEM private key (PKCS#8, encrypted PKCS#8,
     * PKCS#1 RSA or SEC 1 EC).
     *
     * @param password the key's password, or null if it is not encrypted
     * @throws CertificateException for a missing file, a wrong password, or a key that does not
     *     match the certificate
     */
    public static ServerCertificate fromPem(Path certificateFile, Path keyFile, String password) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile, password);
        return new ServerCertificate(key, chain,
                new Source(certificateFile, keyFile, password, modified(certificateFile), modified(keyFile)),
                "certificate " + certificateFile + " with key " + keyFile);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * The host names the leaf certificate is for: its DNS subject alternative names (RFC 6125), or
     * its subject's common name when it has none; lower case, wildcards ({@code *.example.com}) as written.
     */
    public List<String> hostNames() {
        return hostNames;
    }

    /**
     * This certificate read again from its files if they changed since, else this one; for one not
     * loaded from files, this one.
     *
     * @throws CertificateException if the changed files cannot be used (the caller keeps the old one)
     */
    public ServerCertificate reloaded() {
        if (source == null) {
            return this;
        }
        boolean changed = !Objects.equals(modified(source.certificate()), source.certificateTime())
                || (source.key() != null && !Objects.equals(modified(source.key()), source.keyTime()));
        if (!changed) {
            return this;
        }
        return source.key() == null ? fromPkcs12(source.certificate(), source.password())
                : fromPem(source.certificate(), source.key(), source.password());
    }

    /** The files it was read from, for log lines; null for one given in memory. */
    public String origin() {
        if (source == null) {
            return null;
        }
        return source.key() == null ? source.certificate().toString() : source.certificate() + " + " + source.key();
    }

    @Override
    public String toString() {
        return chain.getFirst().getSubjectX500Principal().getName() + " " + hostNames;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Signs a random challenge with the key and checks it with the leaf's public key. */
    private void checkKeyMatches(String origin) {
        X509Certificate leaf = chain.getFirst();
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            case "Ed25519", "Ed448", "EdDSA" -> privateKey.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            throw new CertificateException(origin + ": unsupported key algorithm " + privateKey.getAlgorithm());
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new CertificateException(origin + ": the private key does not match the certificate ("
                        + leaf.getSubjectX500Principal().getName() + ")");
            }
        } catch (GeneralSecurityException e) {
            throw new CertificateException(origin + ": the private key does not match the certificate ("
                    + leaf.getSubjectX500Principal().getName() + "): " + e.getMessage(), e);
        }
    }

    private static List<String> namesOf(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            var alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    if (Integer.valueOf(2).equals(name.get(0))) { // dNSName
                        names.add(name.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no readable alternative names: fall back to the common name
        }
        if (names.isEmpty()) {
            String common = commonName(leaf.getSubjectX500Principal());
            if (common != null) {
                names.add(common.toLowerCase(Locale.ROOT));
            }
        }
        return Collections.unmodifiableList(names);
    }

    private static String commonName(X500Principal subject) {
        for (String part : subject.getName(X500Principal.RFC2253).split(",")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3);
            }
        }
        return null;
    }
}
