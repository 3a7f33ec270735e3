package io.windhover.tls;

/** Whether an end point asks clients for a certificate: Kestrel's {@code ClientCertificateMode}. */
public enum ClientCertificateMode {
    /** Never asked for; the default. */
    NO_CERTIFICATE,
    /** Asked for; a client without one is served, one with a certificate that fails validation is refused. */
    ALLOW_CERTIFICATE,
    /** Required: the handshake fails without a valid client certificate. */
    REQUIRE_CERTIFICATE
}
