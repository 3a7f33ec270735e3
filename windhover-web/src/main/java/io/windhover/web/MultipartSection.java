package io.windhover.web;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a {@code multipart/form-data} body as {@link MultipartReader#next()} hands it over:
 * its headers, the field name and file name from its {@code Content-Disposition}, and its body as
 * a stream that is valid until the next part is asked for.
 *
 * <pre>{@code
 * Content-Disposition: form-data; name="file"; filename="report.pdf"
 * Content-Type: application/pdf
 * }</pre>
 */
public final class MultipartSection {

    private final Map<String, String> headers;
    private final String name;
    private final String fileName;
    private final MultipartReader.PartBody body;

    private MultipartSection(Map<String, String> headers, String name, String fileName, MultipartReader.PartBody body) {
        this.headers = headers;
        this.name = name;
        this.fileName = fileName;
        this.body = body;
    }

    /**
     * RFC 7578 §4.2: "Each part MUST contain a Content-Disposition header field where the
     * disposition type is "form-data"" with a {@code name} parameter.
     */
    static MultipartSection of(Map<String, String> headers, MultipartReader.PartBody body, FormOptions options) {
        String disposition = headers.get("content-disposition");
        Map<String, String> parameters = disposition == null ? Map.of() : parameters(disposition);
        String type = disposition == null ? "" : disposition.split(";", 2)[0].strip();
        if (!type.equalsIgnoreCase("form-data") || !parameters.containsKey("name")) {
            throw MultipartReader.malformed("a part has no 'Content-Disposition: form-data; name=\"...\"' header");
        }
        String name = parameters.get("name");
        if (name.length() > options.keyLengthLimit()) {
            throw MultipartReader.malformed("a form key is longer than " + options.keyLengthLimit()
                    + " characters (FormOptions.keyLengthLimit)");
        }
        // RFC 7578 §4.2 says not to send filename*, but RFC 6266 clients do; it is the exact name.
        String fileName = parameters.containsKey("filename*") ? extendedValue(parameters.get("filename*"))
                : parameters.get("filename");
        return new MultipartSection(Map.copyOf(headers), name, fileName, body);
    }

    /** The part's headers, names in lower case. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The form field's name. */
    public String name() {
        return name;
    }

    /** The file name as the client sent it (it may hold a path, or anything), or null when the part is not a file. */
    public String fileName() {
        return fileName;
    }

    /** The file name made safe to use in a path: see {@link #safeFileName(String)}; null when the part is not a file. */
    public String safeFileName() {
        return fileName == null ? null : safeFileName(fileName);
    }

    /** {@code Content-Type}, or {@code text/plain} when absent, RFC 7578 §4.4's default. */
    public String contentType() {
        return headers.getOrDefault("content-type", "text/plain");
    }

    /** The body, read as it arrives; valid until {@link MultipartReader#next()} is called again. */
    public InputStream body() {
        return body;
    }

    MultipartReader.PartBody partBody() {
        return body;
    }

    /**
     * {@code name} without what could lead anywhere or hide: only what follows the last {@code /}
     * or {@code \} (browsers on Windows once sent whole paths), no control characters, no
     * leading dots or spaces (no hidden file, no {@code ..}), at most 255 UTF-16 characters;
     * {@code file} when nothing is left.
     *
     * <pre>{@code
     * safeFileName("../../etc/passwd")     // "passwd"
     * safeFileName("C:\\Users\\a\\b.txt")  // "b.txt"
     * safeFileName("..")                   // "file"
     * }</pre>
     */
    public static String safeFileName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        var safe = new StringBuilder(base.length());
        base.codePoints().filter(c -> !Character.isISOControl(c) && c != ':' && c != 0x7f).forEach(safe::appendCodePoint);
        int start = 0;
        while (start < safe.length() && (safe.charAt(start) == '.' || safe.charAt(start) == ' ')) {
            start++;
        }
        String result = safe.substring(start).strip();
        if (result.length() > 255) {
            result = result.substring(0, Character.isHighSurrogate(result.charAt(254)) ? 254 : 255);
        }
        return result.isEmpty() ? "file" : result;
    }

    /**
     * {@code form-data; name="a"; filename="b.txt"}'s parameters, names in lower case. Values are
     * tokens or quoted strings; inside quotes a backslash escapes only a quote, since browsers
     * leave backslashes in file names alone and write {@code "} as {@code %22}, CR as {@code %0D}
     * and LF as {@code %0A} (the WHATWG's multipart/form-data encoding), which are decoded.
     */
    static Map<String, String> parameters(String disposition) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = disposition.indexOf(';');
        while (i >= 0 && i < disposition.length()) {
            int equals = disposition.indexOf('=', i + 1);
            if (equals < 0) {
                break;
            }
            String key = disposition.substring(i + 1, equals).strip().toLowerCase(Locale.ROOT);
            int start = equals + 1;
            while (start < disposition.length() && disposition.charAt(start) == ' ') {
                start++;
            }
            var value = new StringBuilder();
            int end;
            if (start < disposition.length() && disposition.charAt(start) == '"') {
                end = start + 1;
                while (end < disposition.length() && disposition.charAt(end) != '"') {
                    if (disposition.charAt(end) == '\\' && end + 1 < disposition.length() && disposition.charAt(end + 1) == '"') {
                        end++;
                    }
                    value.append(disposition.charAt(end++));
                }
                end = disposition.indexOf(';', end);
            } else {
                end = disposition.indexOf(';', start);
                value.append(disposition, start, end < 0 ? disposition.length() : end);
            }
            parameters.putIfAbsent(key, browserDecoded(value.toString().strip()));
            i = end;
        }
        return parameters;
    }

    private static String browserDecoded(String value) {
        return value.indexOf('%') < 0 ? value
                : value.replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n").replace("%0d", "\r").replace("%0a", "\n");
    }

    /** RFC 8187 §3.2: {@code UTF-8''caf%C3%A9.txt}; another charset is read as ISO-8859-1, RFC 8187's other one. */
    private static String extendedValue(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return value;
        }
        var charset = value.substring(0, first).equalsIgnoreCase("UTF-8") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        var bytes = new ByteArrayOutputStream();
        String encoded = value.substring(second + 1);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length() && Character.digit(encoded.charAt(i + 1), 16) >= 0
                    && Character.digit(encoded.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(charset);
    }
}
