package io.windhover.web;

import io.windhover.tls.CertificateException;
import io.windhover.tls.ServerCertificate;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificate a configuration file names for {@code https} URLs, Kestrel's
 * {@code Kestrel:Certificates:Default}: PEM files when there is a key file, else one PKCS#12 file.
 *
 * <pre>{@code
 * "Certificates": {"Default": {"Path": "certs/site.pem", "KeyPath": "certs/site-key.pem"}}
 * "Certificates": {"Default": {"Path": "certs/site.p12", "Password": "changeit"}}
 * }</pre>
 *
 * @param path the PEM certificate chain, or the PKCS#12 file; absolute
 * @param keyPath the PEM private key, or null for PKCS#12; absolute
 * @param password the PEM key's or the PKCS#12 file's password, or null
 */
record CertificateConfiguration(Path path, Path keyPath, String password) {

    CertificateConfiguration {
        Objects.requireNonNull(path, "path");
    }

    /**
     * Reads the files.
     *
     * @throws CertificateException naming the file, when one is missing, the password is wrong or
     *     the key does not belong to the certificate
     */
    ServerCertificate load() {
        return keyPath != null ? ServerCertificate.fromPem(path, keyPath, password) : ServerCertificate.fromPkcs12(path, password);
    }

    @Override
    public String toString() {
        return "CertificateConfiguration[path=" + path + ", keyPath=" + keyPath + "]"; // never the password
    }
}
