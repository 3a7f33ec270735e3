package io.windhover.auth.cookies;

/** When the authentication cookie carries {@code Secure}. ASP.NET Core's {@code CookieSecurePolicy}. */
public enum CookieSecurePolicy {
    /** Always: the browser sends it over https only. The default here (ASP.NET Core defaults to {@link #SAME_AS_REQUEST}). */
    ALWAYS,
    /** When the request that signs in came over https ({@code WebContext.scheme()}, proxies' forwarded scheme included). For development over plain HTTP. */
    SAME_AS_REQUEST,
    /** Never; only for a test over plain HTTP on a host browsers do not treat as secure. */
    NONE
}
