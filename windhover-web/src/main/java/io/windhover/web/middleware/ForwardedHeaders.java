package io.windhover.web.middleware;

import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Takes the client's address, scheme and host from what a reverse proxy forwards —
 * {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}, or RFC 7239's
 * {@code Forwarded} — but only when the connection comes from a proxy named as trusted: anyone
 * else could claim any address. Like ASP.NET Core's default ({@code ForwardLimit} 1), only the
 * last entry counts, the one the trusted proxy itself added.
 *
 * <pre>{@code
 * app.use(new ForwardedHeaders(Set.of(InetAddress.getByName("10.0.0.5"))));
 * }</pre>
 */
public final class ForwardedHeaders implements Middleware {

    private final Set<InetAddress> trustedProxies;

    public ForwardedHeaders(Set<InetAddress> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        if (isTrusted(context.http().remoteAddress())) {
            String forwarded = context.header("Forwarded");
            if (forwarded != null) {
                applyForwarded(context, lastElement(forwarded));
            } else {
                context.forwarded(address(lastElement(context.header("X-Forwarded-For"))),
                        scheme(lastElement(context.header("X-Forwarded-Proto"))), lastElement(context.header("X-Forwarded-Host")));
            }
        }
        next.handle(context);
    }

    /** A peer with an IP address in the trusted set; a name without an address (an unresolved peer) is no one's proxy. */
    private boolean isTrusted(SocketAddress peer) {
        // getAddress() is null for an unresolved address, and Set.copyOf's sets throw on contains(null).
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null && trustedProxies.contains(inet.getAddress());
    }

    /** RFC 7239 §4: {@code for=…;proto=…;host=…} pairs of the last element. */
    private static void applyForwarded(WebContext context, String element) {
        if (element == null) {
            return;
        }
        InetSocketAddress client = null;
        String proto = null;
        String host = null;
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = unquote(pair.substring(equals + 1).strip());
            switch (name) {
                case "for" -> client = address(value);
                case "proto" -> proto = scheme(value);
                case "host" -> host = value.isEmpty() ? null : value;
                default -> {
                    // "by" and extensions are not used
                }
            }
        }
        context.forwarded(client, proto, host);
    }

    private static String lastElement(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.lastIndexOf(',');
        String last = (comma < 0 ? header : header.substring(comma + 1)).strip();
        return last.isEmpty() ? null : last;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static String scheme(String value) {
        if (value == null) {
            return null;
        }
        String scheme = value.toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") ? scheme : null;
    }

    /** An IP literal with an optional port ({@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:80}); null otherwise. */
    private static InetSocketAddress address(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String host = value;
        int port = 0;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = value.substring(1, close);
            port = portAfter(value, close + 1);
        } else if (value.indexOf(':') == value.lastIndexOf(':') && value.indexOf(':') > 0) {
            host = value.substring(0, value.indexOf(':'));
            port = portAfter(value, value.indexOf(':'));
        }
        if (port < 0 || !isIpLiteral(host)) {
            return null; // "unknown", obfuscated identifiers and names are not addresses
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int portAfter(String value, int colon) {
        if (colon >= value.length()) {
            return 0;
        }
        if (value.charAt(colon) != ':') {
            return -1;
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            return port >= 0 && port <= 65_535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Digits and dots, or hex digits and colons: getByName then parses without a DNS lookup. */
    private static boolean isIpLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        boolean ipv6 = host.indexOf(':') >= 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = ipv6 ? Character.digit(c, 16) >= 0 || c == ':' || c == '.' : Character.isDigit(c) || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
