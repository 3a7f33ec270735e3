package io.windhover.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Responses as the server may frame them: chunked with extensions and trailers, a length, a close; and what ends early. */
class Http1ResponseReaderTest {

    private static TestResponse read(String response, boolean head) {
        return Http1ResponseReader.read(response.getBytes(StandardCharsets.ISO_8859_1), head);
    }

    @Test
    void decodesChunksIgnoringExtensionsAndTrailers() {
        TestResponse response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nx-a: 2\r\n\r\n"
                + "5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nTrailer: t\r\n\r\n", false);
        assertThat(response.body()).isEqualTo("hello, world!!!");
        assertThat(response.headers("X-A")).containsExactly("1", "2");
    }

    @Test
    void takesContentLengthOrTheRestAndNoBodyForHeadOr204() {
        assertThat(read("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", false).body()).isEqualTo("abc");
        assertThat(read("HTTP/1.1 200 OK\r\n\r\nuntil the close", false).body()).isEqualTo("until the close");
        assertThat(read("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", true).body()).isEmpty();
        assertThat(read("HTTP/1.1 204 No Content\r\n\r\n", false).status()).isEqualTo(204);
    }

    @Test
    void refusesResponsesThatEndEarly() {
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabc", false))
                .isInstanceOf(IllegalStateException.class).hasMessage("the body ended after 3 of its 4 bytes");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", false))
                .isInstanceOf(IllegalStateException.class).hasMessage("a chunk of 5 bytes ended early");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-", false))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("the server closed before a whole response head");
    }
}
