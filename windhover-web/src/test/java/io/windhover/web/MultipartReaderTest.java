package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multipart parser alone: every split of the input, every early end, each malformation named. */
class MultipartReaderTest {

    private static final String BODY = "preamble to skip\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"title\"\r\n"
            + "\r\n"
            + "Buy milk\r\n"
            + "--XyZ  \t\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
            + "Content-Type: text/markdown\r\n"
            + "\r\n"
            + "line one\r\n--XyNotTheBoundary\r\n-\r\r\n\r\n"
            + "--XyZ\r\n"
            + "content-disposition: form-data; name=\"empty\"\r\n"
            + "\r\n"
            + "\r\n"
            + "--XyZ--\r\nepilogue, ignored --XyZ";

    private static final List<String> EXPECTED = List.of("title=Buy milk [null, text/plain]",
            "file=line one\r\n--XyNotTheBoundary\r\n-\r\r\n [notes.txt, text/markdown]", "empty= [null, text/plain]");

    /** Hands out at most {@code chunk} bytes per read, as a socket may. */
    private static InputStream chunked(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] target, int offset, int length) {
                return super.read(target, offset, Math.min(length, chunk));
            }
        };
    }

    private static InputStream split(byte[] bytes, int at) {
        return new java.io.SequenceInputStream(new ByteArrayInputStream(bytes, 0, at),
                new ByteArrayInputStream(bytes, at, bytes.length - at));
    }

    private static List<String> parts(InputStream in, String boundary, FormOptions options) throws IOException {
        MultipartReader reader = MultipartReader.of(in, "multipart/form-data; boundary=" + boundary, options);
        List<String> parts = new ArrayList<>();
        for (MultipartSection part; (part = reader.next()) != null; ) {
            parts.add(part.name() + "=" + new String(part.body().readAllBytes(), StandardCharsets.UTF_8)
                    + " [" + part.fileName() + ", " + part.contentType() + "]");
        }
        return parts;
    }

    private static List<String> parts(InputStream in) throws IOException {
        return parts(in, "XyZ", FormOptions.defaults());
    }

    @Test
    void readsEveryPartWhateverSizeTheReadsHave() throws IOException {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            assertThat(parts(chunked(bytes, chunk))).as("reads of %d bytes", chunk).isEqualTo(EXPECTED);
        }
    }

    @Test
    void readsEveryPartWhereverTheInputIsSplit() throws IOException {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at <= bytes.length; at++) {
            assertThat(parts(split(bytes, at))).as("split at %d", at).isEqualTo(EXPECTED);
        }
    }

    @Test
    void skipsPartsNobodyReads() throws IOException {
        MultipartReader reader = MultipartReader.of(chunked(BODY.getBytes(StandardCharsets.UTF_8), 7),
                "multipart/form-data; boundary=\"XyZ\"", FormOptions.defaults());
        List<String> names = new ArrayList<>();
        for (MultipartSection part; (part = reader.next()) != null; ) {
            names.add(part.name());
        }
        assertThat(names).containsExactly("title", "file", "empty");
        assertThat(reader.next()).isNull();
    }

    @Test
    void everyEarlyEndIsA400() {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        int close = BODY.indexOf("--XyZ--") + "--XyZ--".length();
        for (int length = 0; length < close; length++) {
            var prefix = new ByteArrayInputStream(bytes, 0, length);
            assertThatThrownBy(() -> parts(prefix)).as("the first %d bytes", length)
                    .isInstanceOfSatisfying(BadHttpRequestException.class, bad -> assertThat(bad.status()).isEqualTo(400))
                    .message().containsAnyOf("ended", "no boundary line", "must end with CRLF");
        }
    }

    @Test
    void namesEachMalformation() {
        assertThatThrownBy(() -> parts(new ByteArrayInputStream("no boundary here".getBytes()))).hasMessage("the body has no boundary line '--XyZ'");
        assertThatThrownBy(() -> parts(new ByteArrayInputStream("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue".getBytes())))
                .hasMessage("the multipart body ended before its close delimiter");
        assertThatThrownBy(() -> parts(new ByteArrayInputStream("--XyZ\r\nno colon\r\n\r\nx\r\n--XyZ--".getBytes())))
                .hasMessage("a part's header line is not 'Name: value': 'no colon'");
        assertThatThrownBy(() -> parts(new ByteArrayInputStream("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--".getBytes())))
                .hasMessage("a part has no 'Content-Disposition: form-data; name=\"...\"' header");
        assertThatThrownBy(() -> parts(new ByteArrayInputStream("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--XyZ--".getBytes())))
                .hasMessage("a part has no 'Content-Disposition: form-data; name=\"...\"' header");
        assertThatThrownBy(() -> parts(new ByteArrayInputStream("--XyZjunk\r\n".getBytes())))
                .hasMessage("a boundary line must end with CRLF after '--XyZ'");
        assertThatThrownBy(() -> MultipartReader.of(InputStream.nullInputStream(), "multipart/form-data", FormOptions.defaults()))
                .hasMessageContaining("multipart/form-data needs a boundary parameter");
        assertThatThrownBy(() -> MultipartReader.of(InputStream.nullInputStream(), "multipart/form-data; boundary=\"\"", FormOptions.defaults()))
                .hasMessageContaining("needs a boundary parameter");
    }

    @Test
    void readsFileNamesAsBrowsersAndRfc8187WriteThem() throws IOException {
        String body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a%22b\\\\c.txt\"\r\n\r\n1\r\n"
                + "--b\r\nContent-Disposition: form-data; name=f2; filename=plain.txt; filename*=UTF-8''caf%C3%A9.txt\r\n\r\n2\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"q\\\"uote\"; filename=\"\u00e9t\u00e9.txt\"\r\n\r\n3\r\n--b--";
        assertThat(parts(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "b", FormOptions.defaults()))
                .containsExactly("f=1 [a\"b\\\\c.txt, text/plain]", "f2=2 [caf\u00e9.txt, text/plain]", "q\"uote=3 [\u00e9t\u00e9.txt, text/plain]");
    }

    @Test
    void makesFileNamesSafe() {
        assertThat(MultipartSection.safeFileName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(MultipartSection.safeFileName("C:\\Users\\a\\b.txt")).isEqualTo("b.txt");
        assertThat(MultipartSection.safeFileName("..")).isEqualTo("file");
        assertThat(MultipartSection.safeFileName("")).isEqualTo("file");
        assertThat(MultipartSection.safeFileName(".hidden")).isEqualTo("hidden");
        assertThat(MultipartSection.safeFileName("a\u0000b\r\nc\u007f:d.txt")).isEqualTo("abcd.txt");
        assertThat(MultipartSection.safeFileName("x".repeat(300))).hasSize(255);
    }
}
