package io.windhover.server;

import io.windhover.tls.ServerCertificate;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Client TLS contexts for the tests: trust exactly the certificates a test's server presents. */
public final class TrustingClients {

    private TrustingClients() {
    }

    /** A client context that trusts exactly {@code certificates}. */
    public static SSLContext trusting(ServerCertificate... certificates) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            store.setCertificateEntry("server" + i, certificates[i].chain().getFirst());
        }
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
