package io.windhover.web;

import io.windhover.tls.DevelopmentCertificate;
import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsOptions;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS an application's {@code https} URLs get when its code gives none, in Kestrel's order:
 * the certificate configuration names ({@code Certificates:Default}), else the development
 * certificate where it is allowed, made on first use. Runs once, at start.
 */
final class HttpsDefaults {

    private static final Logger LOG = LoggerFactory.getLogger(WebApplication.class);

    private HttpsDefaults() {
    }

    /**
     * The TLS for {@code urls}' https ones, or null when configuration names no certificate and the
     * development certificate is not allowed or not needed (no https URL: nothing is made).
     *
     * @throws io.windhover.tls.CertificateException when the configured certificate cannot be loaded
     */
    static TlsOptions choose(CertificateConfiguration configured, boolean developmentAllowed, DevelopmentCertificate development,
            List<String> urls) {
        if (configured != null) {
            // Loaded even when no URL is https, as Kestrel's configuration loader does: a wrong
            // path or password is found at the first start, not at the first https deployment.
            return TlsOptions.builder().certificate(configured.load()).build();
        }
        if (!developmentAllowed || urls.stream().noneMatch(HttpsDefaults::isHttps)) {
            return null;
        }
        boolean made = !development.exists();
        ServerCertificate certificate = development.loadOrCreate();
        LOG.info("https URLs serve the development certificate {}{}", development.certificateFile(),
                made ? " (made now; bin/dev-certs says how to trust it)" : "");
        return TlsOptions.builder().certificate(certificate).build();
    }

    private static boolean isHttps(String url) {
        return url.strip().toLowerCase(Locale.ROOT).startsWith("https://");
    }
}
