package io.windhover.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 response read from the bytes of a connection the server closed after it: the status
 * line, the fields, and the body framed as RFC 9112 §6.3 says (none for HEAD, 1xx, 204 and 304;
 * chunked, decoded; {@code Content-Length}; else up to the close).
 */
final class Http1ResponseReader {

    private Http1ResponseReader() {
    }

    static TestResponse read(byte[] bytes, boolean head) {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new IllegalStateException("the server closed before a whole response head: "
                    + new String(bytes, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IllegalStateException("not an HTTP/1.1 status line: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            fields.computeIfAbsent(lines[i].substring(0, colon).strip(), name -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        int start = end + 4;
        byte[] body;
        if (head || status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (fields.getOrDefault("Transfer-Encoding", List.of()).stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).endsWith("chunked"))) {
            body = dechunk(bytes, start);
        } else if (fields.containsKey("Content-Length")) {
            int length = Integer.parseInt(fields.get("Content-Length").getFirst());
            if (bytes.length - start < length) {
                throw new IllegalStateException("the body ended after " + (bytes.length - start) + " of its " + length + " bytes");
            }
            body = java.util.Arrays.copyOfRange(bytes, start, start + length);
        } else {
            body = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
        }
        return new TestResponse(status, fields, body);
    }

    /** RFC 9112 §7.1: size in hex (extensions after ';' ignored), CRLF, data, CRLF, ... a zero size, trailers. */
    private static byte[] dechunk(byte[] bytes, int position) {
        var body = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = indexOf(bytes, new byte[] {'\r', '\n'}, position);
            if (lineEnd < 0) {
                throw new IllegalStateException("the chunked body ended without its last chunk");
            }
            String size = new String(bytes, position, lineEnd - position, StandardCharsets.US_ASCII).split(";")[0].strip();
            int length = Integer.parseInt(size, 16);
            position = lineEnd + 2;
            if (length == 0) {
                return body.toByteArray();
            }
            if (position + length > bytes.length) {
                throw new IllegalStateException("a chunk of " + length + " bytes ended early");
            }
            body.write(bytes, position, length);
            position += length + 2;
        }
    }

    private static int indexOf(byte[] bytes, byte[] sought, int from) {
        outer:
        for (int i = from; i <= bytes.length - sought.length; i++) {
            for (int j = 0; j < sought.length; j++) {
                if (bytes[i + j] != sought[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
