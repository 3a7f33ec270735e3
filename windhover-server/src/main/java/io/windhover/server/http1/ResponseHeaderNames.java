package io.windhover.server.http1;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Response header names written often enough to keep pre-encoded, with their {@code ": "}: the
 * writer copies these bytes instead of encoding the name per response.
 */
final class ResponseHeaderNames {

    private static final Map<String, byte[]> ENCODED = new HashMap<>();

    static {
        for (String name : new String[] {
            "Accept-Ranges", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers",
            "Access-Control-Allow-Methods", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
            "Access-Control-Max-Age", "Age", "Allow", "Alt-Svc", "Cache-Control", "Content-Disposition",
            "Content-Encoding", "Content-Language", "Content-Length", "Content-Location", "Content-Range",
            "Content-Security-Policy", "Content-Type", "Date", "ETag", "Expires", "Last-Modified", "Link",
            "Location", "Retry-After", "Server", "Set-Cookie", "Strict-Transport-Security", "Upgrade", "Vary",
            "WWW-Authenticate", "X-Content-Type-Options", "X-Frame-Options",
        }) {
            ENCODED.put(name, (name + ": ").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private ResponseHeaderNames() {
    }

    /** {@code name: } as bytes if {@code name} is one of the common names spelled as usual, else null. */
    static byte[] encoded(String name) {
        return ENCODED.get(name);
    }
}
