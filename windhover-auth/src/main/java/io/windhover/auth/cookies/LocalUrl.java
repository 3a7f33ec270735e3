package io.windhover.auth.cookies;

/**
 * Whether a return address stays on this site, so that a sign-in never redirects a user to a page an
 * attacker chose (an open redirect). ASP.NET Core's {@code IsLocalUrl}/{@code IsHostRelative}.
 */
public final class LocalUrl {

    private LocalUrl() {
    }

    /**
     * A path on this host: {@code /} followed by neither {@code /} nor {@code \} ({@code //evil.example}
     * is protocol-relative; browsers read {@code /\evil.example} as one too), with no control
     * characters (a browser drops tabs and newlines inside a URL, which would rejoin {@code /\t/evil}).
     */
    public static boolean isLocal(String url) {
        if (url == null || url.isEmpty() || url.charAt(0) != '/') {
            return false;
        }
        if (url.length() > 1 && (url.charAt(1) == '/' || url.charAt(1) == '\\')) {
            return false;
        }
        return url.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
