package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link MultipartReader}. With the input as a whole body (boundary {@code b}), it checks
 * that reading every part either succeeds or fails with a {@link BadHttpRequestException} of
 * status 400 — no other exception, and no endless loop. With the input split at its zero bytes into
 * part bodies, and a boundary the input does not hold, it checks that a body written with those parts, read back in reads of a size taken
 * from the input, gives every part's bytes as they were.
 *
 * <p>The seed corpus is in {@code MultipartFuzzTestInputs/multipart}; {@code bin/fuzz multipart 120}
 * fuzzes for two minutes.
 */
class MultipartFuzzTest {

    @FuzzTest
    void multipart(byte[] data) throws IOException {
        assertThatCode(() -> readAll(new ByteArrayInputStream(data), "b")).satisfiesAnyOf(
                failure -> assertThat(failure).isNull(),
                failure -> assertThat(failure).isInstanceOfSatisfying(BadHttpRequestException.class,
                        bad -> assertThat(bad.status()).isEqualTo(400)));
        List<byte[]> parts = split(data);
        String boundary = boundaryNotIn(data);
        var body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--").getBytes(StandardCharsets.UTF_8));
        int chunk = data.length == 0 ? 1 : (data[0] & 0xff) + 1;
        List<byte[]> read = readAll(chunked(body.toByteArray(), chunk), boundary);
        assertThat(read).hasSameSizeAs(parts);
        for (int i = 0; i < parts.size(); i++) {
            assertThat(read.get(i)).as("part %d", i).isEqualTo(parts.get(i));
        }
    }

    private static List<byte[]> readAll(InputStream in, String boundary) throws IOException {
        MultipartReader reader = MultipartReader.of(in, "multipart/form-data; boundary=\"" + boundary + "\"", FormOptions.defaults());
        List<byte[]> bodies = new ArrayList<>();
        for (MultipartSection part; (part = reader.next()) != null; ) {
            bodies.add(part.body().readAllBytes());
        }
        return bodies;
    }

    /**
     * A boundary the input does not hold. Then no part holds the delimiter either: its only CR is its
     * first byte, so a match could not begin in a part and end in the CRLF written after it.
     */
    private static String boundaryNotIn(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        for (int n = 0; ; n++) {
            String boundary = "=_fuzz" + n;
            if (!text.contains(boundary)) {
                return boundary;
            }
        }
    }

    private static List<byte[]> split(byte[] data) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == 0) {
                parts.add(Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    private static InputStream chunked(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] target, int offset, int length) {
                return super.read(target, offset, Math.min(length, chunk));
            }
        };
    }
}
