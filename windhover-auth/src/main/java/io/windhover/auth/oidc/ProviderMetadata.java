package io.windhover.auth.oidc;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;

/**
 * The parts of an OpenID provider's discovery document (OpenID Connect Discovery 1.0 §3) the
 * authorization code flow uses.
 *
 * @param issuer the provider's issuer: the ID token's {@code iss} and the callback's {@code iss} must be exactly this
 * @param authorizationEndpoint where the browser is sent to sign in
 * @param tokenEndpoint where the code is exchanged
 * @param userInfoEndpoint the user info endpoint, or null
 * @param issParameterSupported whether the provider adds {@code iss} to its authorization responses (RFC 9207)
 */
record ProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI userInfoEndpoint, boolean issParameterSupported) {

    /**
     * @throws IOException when the document is not JSON, lacks an endpoint, names another issuer
     *     than {@code expectedIssuer} (Discovery §4.3: "MUST be identical"), or (with {@code requireHttps})
     *     has an endpoint that is not https
     */
    static ProviderMetadata parse(String json, String expectedIssuer, boolean requireHttps) throws IOException {
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IOException("the discovery document is not JSON: " + e.getMessage(), e);
        }
        String issuer = string(document, "issuer", true);
        if (!issuer.equals(expectedIssuer) && !issuer.equals(stripSlash(expectedIssuer))) {
            throw new IOException("the discovery document names the issuer '" + issuer + "', not '" + expectedIssuer + "'");
        }
        String userInfo = string(document, "userinfo_endpoint", false);
        var metadata = new ProviderMetadata(issuer, URI.create(string(document, "authorization_endpoint", true)),
                URI.create(string(document, "token_endpoint", true)), userInfo == null ? null : URI.create(userInfo),
                Boolean.TRUE.equals(document.get("authorization_response_iss_parameter_supported")));
        if (requireHttps) {
            for (URI endpoint : new URI[] {metadata.authorizationEndpoint(), metadata.tokenEndpoint(), metadata.userInfoEndpoint()}) {
                if (endpoint != null && !"https".equalsIgnoreCase(endpoint.getScheme())) {
                    throw new IOException("the endpoint " + endpoint + " is not https");
                }
            }
        }
        return metadata;
    }

    private static String string(Map<String, Object> document, String name, boolean required) throws IOException {
        Object value = document.get(name);
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        if (required) {
            throw new IOException("the discovery document has no " + name);
        }
        return null;
    }

    private static String stripSlash(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
