package io.windhover.server.http1;

import java.nio.charset.StandardCharsets;

/** Pre-encoded HTTP/1.1 status lines, with the reason phrases of RFC 9110 §15. */
final class StatusLines {

    private static final byte[][] LINES = new byte[600][];

    static {
        // RFC 9110 §15, plus the codes other RFCs registered that servers send.
        reason(100, "Continue");
        reason(101, "Switching Protocols");
        reason(102, "Processing"); // RFC 2518
        reason(103, "Early Hints"); // RFC 8297
        reason(200, "OK");
        reason(201, "Created");
        reason(202, "Accepted");
        reason(203, "Non-Authoritative Information");
        reason(204, "No Content");
        reason(205, "Reset Content");
        reason(206, "Partial Content");
        reason(207, "Multi-Status"); // RFC 4918
        reason(208, "Already Reported"); // RFC 5842
        reason(226, "IM Used"); // RFC 3229
        reason(300, "Multiple Choices");
        reason(301, "Moved Permanently");
        reason(302, "Found");
        reason(303, "See Other");
        reason(304, "Not Modified");
        reason(305, "Use Proxy");
        reason(307, "Temporary Redirect");
        reason(308, "Permanent Redirect");
        reason(400, "Bad Request");
        reason(401, "Unauthorized");
        reason(402, "Payment Required");
        reason(403, "Forbidden");
        reason(404, "Not Found");
        reason(405, "Method Not Allowed");
        reason(406, "Not Acceptable");
        reason(407, "Proxy Authentication Required");
        reason(408, "Request Timeout");
        reason(409, "Conflict");
        reason(410, "Gone");
        reason(411, "Length Required");
        reason(412, "Precondition Failed");
        reason(413, "Content Too Large");
        reason(414, "URI Too Long");
        reason(415, "Unsupported Media Type");
        reason(416, "Range Not Satisfiable");
        reason(417, "Expectation Failed");
        reason(421, "Misdirected Request");
        reason(422, "Unprocessable Content");
        reason(423, "Locked"); // RFC 4918
        reason(424, "Failed Dependency"); // RFC 4918
        reason(425, "Too Early"); // RFC 8470
        reason(426, "Upgrade Required");
        reason(428, "Precondition Required"); // RFC 6585
        reason(429, "Too Many Requests"); // RFC 6585
        reason(431, "Request Header Fields Too Large"); // RFC 6585
        reason(451, "Unavailable For Legal Reasons"); // RFC 7725
        reason(500, "Internal Server Error");
        reason(501, "Not Implemented");
        reason(502, "Bad Gateway");
        reason(503, "Service Unavailable");
        reason(504, "Gateway Timeout");
        reason(505, "HTTP Version Not Supported");
        reason(506, "Variant Also Negotiates"); // RFC 2295
        reason(507, "Insufficient Storage"); // RFC 4918
        reason(508, "Loop Detected"); // RFC 5842
        reason(511, "Network Authentication Required"); // RFC 6585
    }

    private StatusLines() {
    }

    private static void reason(int status, String phrase) {
        LINES[status] = ("HTTP/1.1 " + status + " " + phrase + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The status line for {@code status}; codes without a phrase get an empty one, as RFC 9112 §4 allows. */
    static byte[] of(int status) {
        byte[] line = status >= 100 && status < LINES.length ? LINES[status] : null;
        return line != null ? line : ("HTTP/1.1 " + status + " \r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
