package io.windhover.auth.antiforgery;

/**
 * The tokens {@link Antiforgery#tokens} issued for a page: the request token for its forms or its
 * script, and where to send it back. ASP.NET Core's {@code AntiforgeryTokenSet}.
 *
 * @param requestToken the request token, for a hidden field named {@code formFieldName} or a header named {@code headerName}
 * @param cookieToken the cookie token: already in the response's {@code Set-Cookie} when it is new, else the request's own
 * @param formFieldName the hidden field's name
 * @param headerName the header's name
 */
public record AntiforgeryTokenSet(String requestToken, String cookieToken, String formFieldName, String headerName) {
}
