package io.windhover.server.http;

import java.util.Arrays;

/**
 * Header names requests carry most, recognised from their bytes without making a string: a parsed
 * field with one of these names shares the constant. Kestrel's known-header table plays this
 * part for it.
 */
final class KnownHeaderNames {

    private static final String[] NAMES = {
        "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Access-Control-Request-Headers",
        "Access-Control-Request-Method", "Authorization", "Baggage", "Cache-Control", "Connection",
        "Content-Encoding", "Content-Length", "Content-Type", "Cookie", "Date", "DNT", "Expect", "Forwarded",
        "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since",
        "Keep-Alive", "Origin", "Pragma", "Priority", "Proxy-Authorization", "Range", "Referer",
        "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "Sec-WebSocket-Extensions",
        "Sec-WebSocket-Key", "Sec-WebSocket-Protocol", "Sec-WebSocket-Version", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Upgrade-Insecure-Requests", "User-Agent", "Via",
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Request-ID", "sec-ch-ua",
        "sec-ch-ua-mobile", "sec-ch-ua-platform", "traceparent", "tracestate",
    };
    private static final int LONGEST = 40;
    /** The names of each length, so a lookup compares a handful of candidates at most. */
    private static final String[][] BY_LENGTH = new String[LONGEST + 1][];

    static {
        for (int length = 0; length <= LONGEST; length++) {
            int size = length;
            BY_LENGTH[length] = Arrays.stream(NAMES).filter(name -> name.length() == size).toArray(String[]::new);
        }
    }

    private KnownHeaderNames() {
    }

    /** The known name spelled by {@code bytes[start, start + length)} in any case, or null. */
    static String find(byte[] bytes, int start, int length) {
        if (length > LONGEST) {
            return null;
        }
        for (String candidate : BY_LENGTH[length]) {
            if (equalsIgnoreCase(bytes, start, length, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether the ASCII bytes spell {@code text}, ignoring ASCII case. */
    static boolean equalsIgnoreCase(byte[] bytes, int start, int length, String text) {
        if (length != text.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int a = bytes[start + i] & 0xFF;
            int b = text.charAt(i);
            if (a != b && toLower(a) != toLower(b)) {
                return false;
            }
        }
        return true;
    }

    private static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
