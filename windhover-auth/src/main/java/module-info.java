/**
 * Authentication and authorization for windhover-web applications: schemes as middleware that set
 * the request's user, named policies enforced by a middleware that answers 401 or 403 as ASP.NET
 * Core decides, and the JWT bearer scheme on Nimbus JOSE+JWT. Its own module so that an
 * application without authentication does not carry the JOSE library.
 */
module io.windhover.auth {
    requires transitive io.windhover.web;
    requires com.nimbusds.jose.jwt;
    requires java.net.http;
    requires org.slf4j;

    exports io.windhover.auth;
    exports io.windhover.auth.jwt;
    exports io.windhover.auth.dataprotection;
    exports io.windhover.auth.cookies;
    exports io.windhover.auth.apikey;
    exports io.windhover.auth.basic;
    exports io.windhover.auth.antiforgery;
    exports io.windhover.auth.oidc;
}
