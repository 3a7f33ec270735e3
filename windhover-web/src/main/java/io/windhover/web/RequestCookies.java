package io.windhover.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code Cookie} fields of a request (RFC 6265 §5.4: {@code name=value; name2=value2})
 * as leniently as browsers write them, since a server cannot ask a browser to send them again:
 * spaces and tabs around names and values are dropped, a pair without {@code =} or without a
 * name is skipped rather than failing the rest, one pair of double quotes around a value is
 * removed, RFC 2965's {@code $Version}-style attributes are dropped, and the value is percent-decoded where it holds valid escapes ({@link Cookie} writes
 * them). Several {@code Cookie} fields, as HTTP/2 may send them (RFC 9113 §8.2.3), are read as one.
 * When a name comes twice, the first one wins: RFC 6265 §5.4 has browsers send the cookie with the
 * longest path first, the most specific one.
 */
final class RequestCookies {

    private RequestCookies() {
    }

    /** The cookies in {@code fields} (the {@code Cookie} field values), in order, unmodifiable. */
    static Map<String, String> parse(List<String> fields) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String field : fields) {
            int start = 0;
            while (start <= field.length()) {
                int semicolon = field.indexOf(';', start);
                int end = semicolon < 0 ? field.length() : semicolon;
                addPair(cookies, field, start, end);
                start = end + 1;
            }
        }
        return Collections.unmodifiableMap(cookies);
    }

    private static void addPair(Map<String, String> cookies, String field, int start, int end) {
        int equals = field.indexOf('=', start);
        if (equals < 0 || equals >= end) {
            return; // no name to look it up by
        }
        String name = trim(field, start, equals);
        if (name.isEmpty() || isRfc2965Attribute(name)) {
            return;
        }
        String value = trim(field, equals + 1, end);
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
        }
        cookies.putIfAbsent(name, value.indexOf('%') < 0 ? value : percentDecoded(value));
    }

    /**
     * RFC 2965 §3.3.4's {@code $Version}, {@code $Path}, {@code $Domain}, {@code $Port}: attributes of
     * the cookie before them, not cookies. Browsers never send them; the JDK's {@code CookieManager}
     * does for a cookie set with {@code Max-Age}.
     */
    private static boolean isRfc2965Attribute(String name) {
        return name.charAt(0) == '$' && (name.equalsIgnoreCase("$Version") || name.equalsIgnoreCase("$Path")
                || name.equalsIgnoreCase("$Domain") || name.equalsIgnoreCase("$Port"));
    }

    /** RFC 6265 §5.2: "Remove any leading or trailing WSP characters". */
    private static String trim(String text, int from, int to) {
        while (from < to && isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Valid {@code %XX} escapes decoded as UTF-8; a stray {@code %} stays as written (a value set by
     * another server may hold one), and bytes that are not UTF-8 become U+FFFD.
     */
    private static String percentDecoded(String value) {
        var bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int high = c == '%' && i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
            if (low >= 0 && value.charAt(i + 1) < 0x80 && value.charAt(i + 2) < 0x80) {
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                int codePoint = value.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
