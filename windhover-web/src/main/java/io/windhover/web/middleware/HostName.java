package io.windhover.web.middleware;

/** The name part of a {@code Host} value, for middleware that compares or rebuilds it. */
final class HostName {

    private HostName() {
    }

    /**
     * The host without its port — {@code example.com:8080} → {@code example.com},
     * {@code [::1]:5001} → {@code [::1]} (RFC 3986 §3.2.2: an IPv6 literal is in brackets) — or null
     * for a missing or blank one.
     */
    static String withoutPort(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String name = host.strip();
        int end = name.startsWith("[") ? name.indexOf(']') + 1 : name.indexOf(':');
        return end <= 0 ? name : name.substring(0, end);
    }
}
