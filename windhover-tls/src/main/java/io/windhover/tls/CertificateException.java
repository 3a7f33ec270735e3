package io.windhover.tls;

/**
 * A certificate or key that cannot be used: a missing file, a wrong password, a key that does not
 * match its certificate, a format not understood. Thrown at startup (and logged at a reload), with
 * a message that names the file and what to do.
 */
public final class CertificateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CertificateException(String message) {
        super(message);
    }

    public CertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
