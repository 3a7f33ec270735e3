package io.windhover.server;

import io.windhover.transport.EndPoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A listen URL as users write it in {@code --urls} or configuration, resolved to the end points to
 * bind, with ASP.NET Core's rules:
 *
 * <ul>
 *   <li>{@code http://127.0.0.1:5000}, {@code http://[::1]:5000}: that address.
 *   <li>{@code http://localhost:5000}: both loopbacks, 127.0.0.1 and [::1].
 *   <li>{@code http://*:5000}, {@code http://+:5000}, {@code http://0.0.0.0:5000}, {@code http://[::]:5000},
 *       and any other host name: every interface.
 *   <li>{@code http://unix:/run/app.sock}: a Unix domain socket.
 * </ul>
 *
 * The port defaults to 80 for {@code http} and 443 for {@code https}; port 0 asks the OS for one.
 *
 * @param scheme {@code http} or {@code https}
 * @param endPoints what to bind: one, or two for {@code localhost}
 * @param url the URL as given
 */
public record ListenAddress(String scheme, List<EndPoint> endPoints, String url) {

    public ListenAddress {
        endPoints = List.copyOf(endPoints);
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static ListenAddress parse(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("listen URL '" + url + "' has no scheme; write it like http://127.0.0.1:5000");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("listen URL '" + url + "': the scheme must be http or https");
        }
        String rest = url.substring(schemeEnd + 3);
        if (rest.startsWith("unix:")) {
            String path = rest.substring("unix:".length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("listen URL '" + url + "': a Unix socket needs an absolute path, as in http://unix:/run/app.sock");
            }
            return new ListenAddress(scheme, List.of(EndPoint.unix(Path.of(path))), url);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("listen URL '" + url + "': unclosed '[' in the IPv6 address");
            }
            host = authority.substring(1, close);
            if (close + 1 < authority.length()) {
                if (authority.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("listen URL '" + url + "': expected ':' after ']'");
                }
                portText = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        int port = portText == null ? (scheme.equals("https") ? 443 : 80) : parsePort(url, portText);
        return new ListenAddress(scheme, endPointsFor(url, host, port), url);
    }

    private static int parsePort(String url, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen URL '" + url + "': '" + text + "' is not a port (0-65535)");
        }
    }

    private static List<EndPoint> endPointsFor(String url, String host, int port) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("listen URL '" + url + "' has no host");
        }
        if (host.equalsIgnoreCase("localhost")) {
            if (port == 0) {
                // Two dynamic ports would be two different ports for one URL; ASP.NET refuses it too.
                throw new IllegalArgumentException("listen URL '" + url + "': a dynamic port (0) needs one address;"
                        + " use http://127.0.0.1:0 or http://[::1]:0");
            }
            return List.of(inet("127.0.0.1", port), inet("::1", port));
        }
        if (host.equals("*") || host.equals("+") || !isIpLiteral(host)) {
            // ASP.NET binds a host name it does not resolve to every interface; so do we.
            return List.of(EndPoint.of(new InetSocketAddress(port)));
        }
        return List.of(inet(host, port));
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static EndPoint inet(String literal, int port) {
        try {
            // A literal: getByName parses it without a DNS lookup.
            return EndPoint.of(new InetSocketAddress(InetAddress.getByName(literal), port));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
        }
    }
}
