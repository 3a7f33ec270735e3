package io.windhover.web.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the router's percent-decoding of path segments ({@link Router#decode},
 * {@link Router#segmentsOf}) with the input read as UTF-8. Whatever the text, it checks that
 * <ul>
 *   <li>decoding never throws, and gives what {@link #referenceDecode} gives: RFC 3986 §2.1
 *       escapes ({@code %} and two hexadecimal digits, ASCII only) decoded as UTF-8, a malformed
 *       escape kept as written, a segment with any non-ASCII character left alone, as the router
 *       documents;</li>
 *   <li>it round-trips: decode(encode(s)) is s for every string, and encode(decode(x)) is x
 *       re-encoded canonically for every valid segment (ASCII, well-formed escapes, UTF-8 bytes);</li>
 *   <li>a path splits into its segments at the slashes that are not encoded.</li>
 * </ul>
 *
 * <p>The seed corpus is in {@code PathDecodingFuzzTestInputs/pathSegment}, one text per file;
 * {@code bin/fuzz path-decoding 120} fuzzes for two minutes.
 */
class PathDecodingFuzzTest {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    @DictionaryFile(resourcePath = "/fuzz-dictionaries/path-decoding.dict")
    @FuzzTest
    void pathSegment(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        assertThat(Router.decode(text)).as("decode(%s)", text).isEqualTo(referenceDecode(text));
        assertThat(Router.decode(encode(text))).as("decode(encode(%s))", text).isEqualTo(text);
        byte[] bytes = validSegmentBytes(text);
        if (bytes != null) {
            assertThat(encode(Router.decode(text))).as("encode(decode(%s))", text).isEqualTo(encode(bytes));
        }
        List<String> expected = new ArrayList<>();
        String path = text.startsWith("/") ? text.substring(1) : text;
        if (!path.isEmpty()) {
            for (String raw : path.split("/", -1)) {
                expected.add(referenceDecode(raw));
            }
            if (path.endsWith("/")) {
                expected.removeLast(); // a trailing slash names no segment
            }
        }
        assertThat(Router.segmentsOf(text)).as("segments of %s", text).isEqualTo(expected);
    }

    /** RFC 3986 §2.1 percent-encoding of the UTF-8 bytes of {@code text}, all but unreserved characters. */
    static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(byte[] bytes) {
        var out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            // RFC 3986 §2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                out.append((char) c);
            } else {
                out.append('%').append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** The documented decoding, written independently: see the class comment. */
    static String referenceDecode(String segment) {
        if (segment.indexOf('%') < 0 || !segment.chars().allMatch(c -> c < 0x80)) {
            return segment;
        }
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && isHex(segment.charAt(i + 1)) && isHex(segment.charAt(i + 2))) {
                bytes.write(Integer.parseInt(segment, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The bytes {@code text} stands for if it is a valid encoded segment, else null. */
    private static byte[] validSegmentBytes(String text) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                    return null;
                }
                bytes.write(Integer.parseInt(text, i + 1, i + 3, 16));
                i += 2;
            } else if (c < 0x80 && c != '/') {
                bytes.write(c);
            } else {
                return null;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
        } catch (CharacterCodingException e) {
            return null;
        }
        return bytes.toByteArray();
    }
}
