package io.windhover.tls.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few ASN.1 DER encodings (ITU-T X.690) that key files and a self-signed certificate need:
 * writing tag-length-value elements, and reading one element's children.
 *
 * <pre>
 *   tag (1 byte) | length: 0..127 in one byte, else 0x80+n then n big-endian bytes | value
 * </pre>
 */
public final class Der {

    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OBJECT_IDENTIFIER = 0x06;
    public static final int UTF8_STRING = 0x0C;
    public static final int UTC_TIME = 0x17;
    public static final int GENERALIZED_TIME = 0x18;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;

    private Der() {
    }

    /** One element: {@code tag}, the length of the joined {@code parts}, then the parts. */
    public static byte[] element(int tag, byte[]... parts) {
        var value = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            value.writeBytes(part);
        }
        var out = new ByteArrayOutputStream(value.size() + 6);
        out.write(tag);
        int length = value.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    public static byte[] sequence(byte[]... parts) {
        return element(SEQUENCE, parts);
    }

    public static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    public static byte[] octetString(byte[] value) {
        return element(OCTET_STRING, value);
    }

    /** A BIT STRING with no unused bits. */
    public static byte[] bitString(byte[] value) {
        return element(BIT_STRING, new byte[] {0}, value);
    }

    public static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    public static byte[] utf8String(String value) {
        return element(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code [n]} wrapping whole elements (explicit tagging, constructed). */
    public static byte[] explicit(int n, byte[]... parts) {
        return element(0xA0 | n, parts);
    }

    /** {@code [n]} replacing a primitive element's tag (implicit tagging), as GeneralName's choices do. */
    public static byte[] implicitPrimitive(int n, byte[] value) {
        return element(0x80 | n, value);
    }

    /** An OBJECT IDENTIFIER from its dotted form, {@code "1.2.840.10045.2.1"}. */
    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        var out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >>> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
            }
        }
        return element(OBJECT_IDENTIFIER, out.toByteArray());
    }

    /** An element read back: its tag and its value's bytes. */
    public record Element(int tag, byte[] value) {

        /** The elements inside a constructed element's value. */
        public List<Element> children() {
            return Der.read(value);
        }
    }

    /**
     * The elements one after another in {@code bytes}.
     *
     * @throws IllegalArgumentException if they are not well-formed DER
     */
    public static List<Element> read(byte[] bytes) {
        List<Element> elements = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            if (bytes.length - i < 2) {
                throw new IllegalArgumentException("truncated DER element");
            }
            int tag = bytes[i++] & 0xFF;
            int length = bytes[i++] & 0xFF;
            if (length >= 0x80) {
                int count = length & 0x7F;
                if (count == 0 || count > 3 || bytes.length - i < count) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int k = 0; k < count; k++) {
                    length = length << 8 | (bytes[i++] & 0xFF);
                }
            }
            if (length > bytes.length - i) {
                throw new IllegalArgumentException("DER element longer than its input");
            }
            byte[] value = new byte[length];
            System.arraycopy(bytes, i, value, 0, length);
            elements.add(new Element(tag, value));
            i += length;
        }
        return elements;
    }
}
