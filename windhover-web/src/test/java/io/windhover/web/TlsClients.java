package io.windhover.web;

import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK HttpClients that trust one certificate and nothing else, as a client told to trust a dev certificate would. */
public final class TlsClients {

    private TlsClients() {
    }

    /** An HTTP/1.1 client trusting only {@code certificate}; it checks the host name against it as usual. */
    public static HttpClient trusting(X509Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        // No redirects followed: tests look at the 30x themselves.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    }
}
