package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The form body's length limit as bytes are read: exactly the limit ends cleanly, one more is 413, no limit is no limit. */
class FormBodyStreamTest {

    @Test
    void aBodyOfExactlyTheLimitEndsAndOneMoreIs413() throws IOException {
        assertThat(new FormBodyStream(new ByteArrayInputStream(new byte[100]), 100).readAllBytes()).hasSize(100);
        var over = new FormBodyStream(new ByteArrayInputStream(new byte[101]), 100);
        assertThatThrownBy(over::readAllBytes).isInstanceOfSatisfying(BadHttpRequestException.class,
                bad -> assertThat(bad.status()).isEqualTo(413));
    }

    @Test
    void theLargestLimitReadsLikeNone() throws IOException {
        // Long.MAX_VALUE once overflowed into a negative read length: a body that never ended.
        var unlimited = new FormBodyStream(new ByteArrayInputStream(new byte[70_000]), Long.MAX_VALUE);
        assertThat(unlimited.readAllBytes()).hasSize(70_000);
    }
}
