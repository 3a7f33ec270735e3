package io.windhover.web;

import io.windhover.server.HttpProtocols;
import io.windhover.server.ListenAddress;
import io.windhover.server.WindhoverServer;
import io.windhover.tls.TlsOptions;
import io.windhover.transport.EndPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Named end points from {@link Configuration}, Kestrel's {@code Kestrel:Endpoints}: each with its
 * URL, and for an https one its own certificate or the application's default one.
 *
 * <pre>{@code
 * {"Endpoints": {
 *    "Http":  {"Url": "http://0.0.0.0:8080"},
 *    "Https": {"Url": "https://0.0.0.0:8443", "Protocols": "Http1",
 *              "Certificate": {"Path": "certs/site.pem", "KeyPath": "certs/site-key.pem"}}}}
 * }</pre>
 *
 * <p>When there are end points, they are what the server listens on, and {@code Urls} is not used,
 * as in Kestrel. {@code Protocols} is Kestrel's {@code Http1}, {@code Http2} or {@code Http1AndHttp2}
 * ({@link HttpProtocols}); over TLS it is what ALPN offers. Relative certificate paths are resolved
 * against the content root.
 */
final class EndpointsConfiguration {

    /** One configured end point; {@code protocols} null for the server's default. */
    record Endpoint(String name, String url, CertificateConfiguration certificate, HttpProtocols protocols) {
    }

    private final List<Endpoint> endpoints;

    private EndpointsConfiguration(List<Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * @throws IllegalArgumentException naming the key, for an end point without a URL, with a
     *     malformed one, or with protocols this server does not speak
     */
    static EndpointsConfiguration read(Configuration configuration, Path contentRoot) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : configuration.section("Endpoints").keySet()) {
            names.add(key.split(":")[1]);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String name : names) {
            String prefix = "Endpoints:" + name + ":";
            String url = configuration.get(prefix + "Url");
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("configuration end point '" + name + "' needs a '" + prefix + "Url'");
            }
            try {
                ListenAddress.parse(url.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration key '" + prefix + "Url': " + e.getMessage(), e);
            }
            String protocolsValue = configuration.get(prefix + "Protocols");
            HttpProtocols protocols;
            try {
                protocols = protocolsValue == null ? null : HttpProtocols.parse(protocolsValue);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration key '" + prefix + "Protocols': " + e.getMessage(), e);
            }
            String path = configuration.get(prefix + "Certificate:Path");
            String keyPath = configuration.get(prefix + "Certificate:KeyPath");
            CertificateConfiguration certificate = path == null ? null : new CertificateConfiguration(
                    contentRoot.resolve(path).normalize(), keyPath == null ? null : contentRoot.resolve(keyPath).normalize(),
                    configuration.get(prefix + "Certificate:Password"));
            endpoints.add(new Endpoint(name, url.strip(), certificate, protocols));
        }
        return new EndpointsConfiguration(List.copyOf(endpoints));
    }

    boolean isEmpty() {
        return endpoints.isEmpty();
    }

    /** The end points' URLs, as {@code Urls} would list them. */
    List<String> urls() {
        return endpoints.stream().map(Endpoint::url).toList();
    }

    /**
     * Listens on every end point: https ones with their own certificate, else with
     * {@code httpsDefaults}' (the configured default or the development certificate).
     *
     * @throws IllegalStateException for an https end point with no certificate at all
     * @throws io.windhover.tls.CertificateException naming the file, when a certificate cannot be loaded
     */
    void listen(WindhoverServer.Builder builder, Supplier<TlsOptions> httpsDefaults) {
        for (Endpoint endpoint : endpoints) {
            ListenAddress address = ListenAddress.parse(endpoint.url());
            boolean https = address.scheme().toLowerCase(Locale.ROOT).equals("https");
            TlsOptions tls = !https ? null : endpoint.certificate() != null
                    ? TlsOptions.builder().certificate(endpoint.certificate().load()).build() : httpsDefaults.get();
            if (https && tls == null) {
                throw new IllegalStateException("configuration end point '" + endpoint.name() + "' (" + endpoint.url()
                        + ") is https but has no certificate: give it 'Endpoints:" + endpoint.name()
                        + ":Certificate:Path', or 'Certificates:Default'");
            }
            for (EndPoint endPoint : address.endPoints()) {
                if (tls == null && endpoint.protocols() == null) {
                    builder.listen(endPoint);
                } else if (tls == null) {
                    builder.listen(endPoint, endpoint.protocols());
                } else if (endpoint.protocols() == null) {
                    builder.listen(endPoint, tls);
                } else {
                    builder.listen(endPoint, tls, endpoint.protocols());
                }
            }
        }
    }
}
