package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.PipeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ConnectionAbortedExceptionTest {

    private final ConnectionAbortedException reset = new ConnectionAbortedException("the peer reset the connection");

    @Test
    void isFoundAsItselfAsAPipesCauseAndUnderAStreamsAndAnApplicationsWrapping() {
        assertThat(ConnectionAbortedException.findIn(reset)).isSameAs(reset);
        assertThat(ConnectionAbortedException.findIn(new PipeException("the pipe's writer failed", reset))).isSameAs(reset);
        var fromStream = new IOException("the pipe's writer failed", reset);
        assertThat(ConnectionAbortedException.findIn(new UncheckedIOException(fromStream))).isSameAs(reset);
    }

    @Test
    void isNotFoundInAFailureWithoutIt() {
        assertThat(ConnectionAbortedException.findIn(new IllegalStateException("handler bug", new IOException("disk full")))).isNull();
        assertThat(ConnectionAbortedException.findIn(null)).isNull();
    }
}
