package io.windhover.server.http;

/**
 * The grammar of a header or trailer field an application sets, checked before it can reach the
 * wire: RFC 9110 §5.1 {@code field-name = token}, and §5.5 field values of visible characters,
 * spaces, tabs and obs-text. A CR or LF in either would end the field early and let the rest pose
 * as fields or a body of the server's choosing (response splitting); a NUL ends it for some
 * parsers; a char past U+00FF cannot go out as the one byte ISO-8859-1 gives each char, and cast
 * to a byte it could become any of those (U+010A is LF).
 *
 * <p>Kestrel checks the same where a response header is set and throws
 * {@code InvalidOperationException}; this throws {@link IllegalArgumentException}, naming the field.
 *
 * <p>Stateless; thread-safe.
 */
final class FieldSyntax {

    /** RFC 9110 §5.6.2 tchar, by char value below 128. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private FieldSyntax() {
    }

    /** @throws IllegalArgumentException if {@code name} is not a token or {@code value} holds a char a field value cannot */
    static void requireValid(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a field name must not be empty (RFC 9110 §5.1)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 128 || !TOKEN[c]) {
                throw new IllegalArgumentException("invalid character " + hex(c) + " in the field name '" + printable(name)
                        + "': a field name is a token (RFC 9110 §5.1)");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isValueChar(value.charAt(i))) {
                throw new IllegalArgumentException("invalid character " + hex(value.charAt(i)) + " in the value of field '"
                        + name + "': CR, LF, NUL and other controls but HTAB, and chars past U+00FF, are not allowed (RFC 9110 §5.5)");
            }
        }
    }

    /** {@link #requireValid(String, String)} for a field given as bytes: the name ASCII, the value ISO-8859-1. */
    static void requireValid(byte[] bytes, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        boolean valid = nameEnd > nameStart;
        for (int i = nameStart; valid && i < nameEnd; i++) {
            valid = bytes[i] >= 0 && TOKEN[bytes[i]];
        }
        for (int i = valueStart; valid && i < valueEnd; i++) {
            valid = isValueChar((char) (bytes[i] & 0xFF));
        }
        if (!valid) {
            requireValid(new String(bytes, nameStart, nameEnd - nameStart, java.nio.charset.StandardCharsets.ISO_8859_1),
                    new String(bytes, valueStart, valueEnd - valueStart, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    /** RFC 9110 §5.5: field-vchar (VCHAR / obs-text), SP or HTAB. */
    private static boolean isValueChar(char c) {
        return c >= 0x20 ? c != 0x7F && c <= 0xFF : c == '\t';
    }

    private static String hex(char c) {
        return String.format("0x%02X", (int) c);
    }

    /** The name with its controls escaped, so that the message itself cannot split a log line. */
    private static String printable(String name) {
        var text = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                text.append(hex(c));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
