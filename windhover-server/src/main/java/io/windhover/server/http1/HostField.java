package io.windhover.server.http1;

/**
 * The syntax of a {@code Host} field value, and whether it names the same authority as an
 * absolute-form target. RFC 9110 §7.2: {@code Host = uri-host [ ":" port ]}, where RFC 3986 §3.2.2
 * gives {@code uri-host = IP-literal / IPv4address / reg-name} and §3.2.3 {@code port = *DIGIT}:
 *
 * <pre>
 * IP-literal = "[" ( IPv6address / IPvFuture ) "]"
 * IPvFuture  = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
 * reg-name   = *( unreserved / pct-encoded / sub-delims )     ; IPv4address is one too
 * unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
 * sub-delims = "!" / "$" / "&amp;" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class HostField {

    /** RFC 3986 unreserved and sub-delims: the chars a reg-name holds besides pct-encoded ones. */
    private static final boolean[] REG_NAME = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            REG_NAME[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            REG_NAME[c] = true;
            REG_NAME[c - 'a' + 'A'] = true;
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) {
            REG_NAME[c] = true;
        }
    }

    private HostField() {
    }

    /**
     * Whether {@code value} is {@code uri-host [ ":" port ]}. An empty value is valid: RFC 9112
     * §3.2 has a client send an empty Host when the target URI has no authority.
     */
    static boolean isValid(CharSequence value) {
        int portColon = portColon(value);
        if (portColon == -2) {
            return false;
        }
        int hostEnd = portColon < 0 ? value.length() : portColon;
        boolean host = startsWithBracket(value) ? isIpLiteral(value, 0, hostEnd) : isRegName(value, 0, hostEnd);
        return host && (portColon < 0 || isDigits(value, portColon + 1, value.length()));
    }

    /**
     * Whether {@code host}, a valid Host value, names the authority of an absolute-form target with
     * {@code scheme}: hosts compared ignoring case, ports as numbers, and a missing port the same as
     * the scheme's default (RFC 9110 §4.2.1: "http://example.com/" and "http://example.com:80/" are
     * equivalent) — as Kestrel accepts {@code Host: a} for {@code http://a:80/}.
     */
    static boolean sameAuthority(String host, String scheme, String targetAuthority) {
        int hostColon = portColon(host);
        int targetColon = portColon(targetAuthority);
        if (hostColon == -2 || targetColon == -2) {
            return false;
        }
        String hostName = hostColon < 0 ? host : host.substring(0, hostColon);
        String targetName = targetColon < 0 ? targetAuthority : targetAuthority.substring(0, targetColon);
        if (!hostName.equalsIgnoreCase(targetName)) {
            return false;
        }
        String defaultPort = defaultPort(scheme);
        return port(host, hostColon, defaultPort).equals(port(targetAuthority, targetColon, defaultPort));
    }

    /** The colon before the port, -1 if none, -2 if the value cannot be split into host and port. */
    private static int portColon(CharSequence value) {
        if (startsWithBracket(value)) {
            int close = indexOf(value, ']', 0);
            if (close < 0) {
                return -2;
            }
            if (close == value.length() - 1) {
                return -1;
            }
            return value.charAt(close + 1) == ':' ? close + 1 : -2;
        }
        return indexOf(value, ':', 0); // a reg-name has none: the first colon starts the port
    }

    private static boolean startsWithBracket(CharSequence value) {
        return value.length() > 0 && value.charAt(0) == '[';
    }

    private static int indexOf(CharSequence value, char c, int from) {
        for (int i = from; i < value.length(); i++) {
            if (value.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The port as a number without leading zeros, or {@code defaultPort} when it is missing, empty or the default. */
    private static String port(String value, int colon, String defaultPort) {
        if (colon < 0 || colon == value.length() - 1) {
            return defaultPort;
        }
        int from = colon + 1;
        while (from < value.length() - 1 && value.charAt(from) == '0') {
            from++;
        }
        String port = value.substring(from);
        return port.equals(defaultPort) ? defaultPort : port;
    }

    /** RFC 9110 §4.2.1 and §4.2.2: 80 for http, 443 for https (and their WebSocket twins, RFC 6455). */
    private static String defaultPort(String scheme) {
        return switch (scheme.toLowerCase(java.util.Locale.ROOT)) {
            case "http", "ws" -> "80";
            case "https", "wss" -> "443";
            default -> "";
        };
    }

    private static boolean isRegName(CharSequence value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || !isHex(value.charAt(i + 1)) || !isHex(value.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c >= 128 || !REG_NAME[c]) {
                return false;
            }
        }
        return true;
    }

    /** {@code "[" ( IPv6address / IPvFuture ) "]"} spanning {@code [from, to)}. */
    private static boolean isIpLiteral(CharSequence value, int from, int to) {
        if (to - from < 3 || value.charAt(to - 1) != ']') {
            return false;
        }
        char first = value.charAt(from + 1);
        return first == 'v' || first == 'V' ? isIpvFuture(value, from + 1, to - 1) : isIpv6(value, from + 1, to - 1);
    }

    private static boolean isIpvFuture(CharSequence value, int from, int to) {
        int dot = indexOf(value, '.', from);
        if (dot < 0 || dot >= to - 1 || dot == from + 1) {
            return false;
        }
        for (int i = from + 1; i < dot; i++) {
            if (!isHex(value.charAt(i))) {
                return false;
            }
        }
        for (int i = dot + 1; i < to; i++) {
            char c = value.charAt(i);
            if (c != ':' && (c >= 128 || !REG_NAME[c])) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 3986 §3.2.2 IPv6address: eight groups of 1-4 hex digits separated by colons, one run of
     * zero groups written {@code ::} at most, and the last two groups possibly an IPv4address.
     */
    private static boolean isIpv6(CharSequence value, int from, int to) {
        int groups = 0;
        boolean elided = false;
        int i = from;
        if (i + 1 < to && value.charAt(i) == ':' && value.charAt(i + 1) == ':') {
            elided = true;
            i += 2;
        }
        while (i < to) {
            int start = i;
            while (i < to && i - start < 4 && isHex(value.charAt(i))) {
                i++;
            }
            if (i < to && value.charAt(i) == '.') {
                // the IPv4 tail: two groups' worth, and the end of the address
                return isIpv4(value, start, to) && (elided ? groups + 2 <= 7 : groups + 2 == 8);
            }
            if (i == start) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (value.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && value.charAt(i) == ':') {
                if (elided) {
                    return false;
                }
                elided = true;
                i++;
            } else if (i == to) {
                return false; // a single trailing colon
            }
        }
        return elided ? groups <= 7 : groups == 8;
    }

    /** Four dec-octets (0-255, no leading zero) separated by dots. */
    private static boolean isIpv4(CharSequence value, int from, int to) {
        int octets = 0;
        int i = from;
        while (octets < 4) {
            int start = i;
            int number = 0;
            while (i < to && i - start < 3 && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
                number = number * 10 + value.charAt(i) - '0';
                i++;
            }
            if (i == start || number > 255 || (i - start > 1 && value.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (octets < 4) {
                if (i >= to || value.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == to;
    }

    private static boolean isDigits(CharSequence value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
