package io.windhover.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The localhost certificate for development, like {@code dotnet dev-certs https}: a self-signed
 * certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, kept as two PEM files in
 * the user's folder ({@code ~/.windhover/dev-certs}, or {@code $WINDHOVER_DEV_CERTS}) and made on
 * first use. Never for production: nobody but the developer's own tools trusts it.
 *
 * <pre>{@code
 * ServerCertificate certificate = DevelopmentCertificate.inDefaultFolder().loadOrCreate();
 * }</pre>
 *
 * <p>{@link #main} is the {@code bin/dev-certs} command.
 */
public final class DevelopmentCertificate {

    /** Names the folder instead of {@code ~/.windhover/dev-certs}. */
    public static final String FOLDER_VARIABLE = "WINDHOVER_DEV_CERTS";
    /** A year: browsers refuse certificates valid longer than 398 days. */
    static final Duration VALIDITY = Duration.ofDays(365);

    private final Path folder;

    private DevelopmentCertificate(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath();
    }

    public static DevelopmentCertificate in(Path folder) {
        return new DevelopmentCertificate(folder);
    }

    /** In {@code $WINDHOVER_DEV_CERTS}, else {@code ~/.windhover/dev-certs}. */
    public static DevelopmentCertificate inDefaultFolder() {
        String configured = System.getenv(FOLDER_VARIABLE);
        return in(configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".windhover", "dev-certs"));
    }

    /** The certificate, PEM: what clients trust ({@code curl --cacert}). */
    public Path certificateFile() {
        return folder.resolve("localhost.pem");
    }

    /** The private key, PEM (PKCS#8, unencrypted, readable by its owner only). */
    public Path keyFile() {
        return folder.resolve("localhost-key.pem");
    }

    /** Whether both files are there. */
    public boolean exists() {
        return Files.isRegularFile(certificateFile()) && Files.isRegularFile(keyFile());
    }

    /** The certificate from its files, made first if they are missing or it has expired. */
    public ServerCertificate loadOrCreate() {
        if (exists()) {
            ServerCertificate existing = ServerCertificate.fromPem(certificateFile(), keyFile(), null);
            if (isCurrent(existing.chain().getFirst())) {
                return existing;
            }
        }
        return create();
    }

    /** Makes a new certificate, replacing the files. */
    public ServerCertificate create() {
        try {
            ServerCertificate made = ServerCertificate.selfSigned("localhost", "127.0.0.1", "::1");
            Files.createDirectories(folder);
            writeKey(pem("PRIVATE KEY", made.privateKey().getEncoded()));
            Files.writeString(certificateFile(), pem("CERTIFICATE", made.chain().getFirst().getEncoded()),
                    StandardCharsets.US_ASCII);
            return ServerCertificate.fromPem(certificateFile(), keyFile(), null);
        } catch (IOException e) {
            throw new CertificateException("cannot write the development certificate to " + folder + ": " + e.getMessage(), e);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new CertificateException("cannot encode the development certificate: " + e.getMessage(), e);
        }
    }

    /** Removes both files. */
    public void delete() throws IOException {
        Files.deleteIfExists(certificateFile());
        Files.deleteIfExists(keyFile());
    }

    /**
     * The SHA-256 of the certificate's public key, base64: what Chromium's
     * {@code --ignore-certificate-errors-spki-list} takes.
     */
    public static String spkiHash(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What to tell a developer: where the files are, and how each client trusts them. */
    public String trustInstructions(X509Certificate certificate) {
        return String.join(System.lineSeparator(),
                "Development certificate for localhost, 127.0.0.1 and ::1 (valid until " + certificate.getNotAfter() + "):",
                "  certificate: " + certificateFile(),
                "  private key: " + keyFile(),
                "Trust it:",
                "  curl:      curl --cacert " + certificateFile() + " https://localhost:5001/",
                "  Java:      keytool -importcert -noprompt -alias windhover-dev -file " + certificateFile()
                        + " -keystore dev-trust.p12 -storepass changeit   (then -Djavax.net.ssl.trustStore=dev-trust.p12)",
                "  Chromium:  --ignore-certificate-errors-spki-list=" + spkiHash(certificate),
                "  Debian:    sudo cp " + certificateFile() + " /usr/local/share/ca-certificates/windhover-dev.crt"
                        + " && sudo update-ca-certificates");
    }

    private static boolean isCurrent(X509Certificate certificate) {
        try {
            certificate.checkValidity();
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    private void writeKey(String pem) throws IOException {
        Path key = keyFile();
        Files.deleteIfExists(key);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(key, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * {@code bin/dev-certs}: makes the certificate if needed and says how to trust it;
     * {@code --clean} removes it, {@code --check} only reports whether a current one exists.
     */
    public static void main(String[] args) throws IOException {
        DevelopmentCertificate development = inDefaultFolder();
        String command = args.length == 0 ? "" : args[0].toLowerCase(Locale.ROOT);
        switch (command) {
            case "--clean" -> {
                development.delete();
                System.out.println("Removed the development certificate from " + development.folder);
            }
            case "--check" -> {
                boolean current = development.exists() && isCurrent(
                        ServerCertificate.fromPem(development.certificateFile(), development.keyFile(), null).chain().getFirst());
                System.out.println(current ? "A current development certificate is in " + development.folder
                        : "No current development certificate in " + development.folder);
                System.exit(current ? 0 : 1);
            }
            case "" -> {
                ServerCertificate certificate = development.loadOrCreate();
                System.out.println(development.trustInstructions(certificate.chain().getFirst()));
            }
            default -> {
                System.err.println("usage: dev-certs [--check | --clean]");
                System.exit(2);
            }
        }
    }
}
