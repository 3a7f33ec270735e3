package io.windhover.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.FlushResult;
import io.windhover.server.http.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The response state machine on its own, through a producer that records what a protocol is asked
 * to do: the part every engine shares, apart from any framing.
 */
class ResponseStateTest {

    /** Writes down each call as a line. */
    private static final class RecordingProducer implements HttpOutputProducer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void writeHead(int status, HttpHeaders headers, HttpHeaders trailers, long declaredLength, long completeLength,
                boolean bodyAllowed) {
            calls.add("head " + status + " declared=" + declaredLength + " complete=" + completeLength + " body=" + bodyAllowed);
        }

        @Override
        public void writeBody(byte[] data, int offset, int length) {
            calls.add("body " + length);
        }

        @Override
        public void writeEnd(HttpHeaders trailers) {
            calls.add("end trailers=" + trailers.size());
        }

        @Override
        public FlushResult flush(boolean mayWait) {
            calls.add("flush");
            return FlushResult.of(false, false);
        }

        @Override
        public void lengthMismatchAfterStart() {
            calls.add("mismatch after start");
        }

        @Override
        public long unflushedBytes() {
            return 0;
        }

        @Override
        public long unconsumedBytes() {
            return 0;
        }

        @Override
        public boolean whenWritable(Runnable callback) {
            return false;
        }

        @Override
        public void cancelPendingFlush() {
        }
    }

    private final RecordingProducer producer = new RecordingProducer();
    private final ResponseState response = new ResponseState(producer);

    private static byte[] bytes(int count) {
        return "x".repeat(count).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aBodyThatEndsWithinTheBufferReachesTheProtocolWholeWithItsLength() throws IOException {
        response.reset(false);
        response.body().write(bytes(5));
        assertThat(producer.calls).as("held back until the end").isEmpty();
        response.end();
        assertThat(producer.calls).containsExactly("head 200 declared=-1 complete=5 body=true", "body 5", "end trailers=0");
    }

    @Test
    void aBodyPastTheBufferStartsTheResponseWithoutALength() throws IOException {
        response.reset(false);
        response.body().write(bytes(ResponseState.BUFFER_SIZE));
        response.body().write(bytes(1));
        response.end();
        assertThat(producer.calls).containsExactly("head 200 declared=-1 complete=-1 body=true",
                "body " + ResponseState.BUFFER_SIZE, "body 1", "end trailers=0");
    }

    @Test
    void aFlushFreezesStatusAndHeaders() throws IOException {
        response.reset(false);
        response.status(201).headers().set("Content-Length", "3");
        response.body().write(bytes(1));
        response.body().flush();
        assertThat(response.hasStarted()).isTrue();
        assertThatThrownBy(() -> response.status(202)).isInstanceOf(IllegalStateException.class);
        response.body().write(bytes(2));
        response.end();
        assertThat(producer.calls).containsExactly("head 201 declared=3 complete=-1 body=true", "body 1", "flush", "body 2",
                "end trailers=0");
    }

    @Test
    void aHeadRequestsBodyIsCountedButNeverSent() throws IOException {
        response.reset(true);
        response.body().write(bytes(ResponseState.BUFFER_SIZE + 10));
        response.end();
        assertThat(response.bytesWritten()).isEqualTo(ResponseState.BUFFER_SIZE + 10);
        assertThat(producer.calls).containsExactly("head 200 declared=-1 complete=-1 body=true", "end trailers=0");
    }

    @Test
    void a204HasNoBodyAndNoLengthToHoldTo() throws IOException {
        response.reset(false);
        response.status(204).headers().set("Content-Length", "10");
        response.body().write(bytes(3));
        response.end();
        assertThat(producer.calls).containsExactly("head 204 declared=-1 complete=3 body=false", "end trailers=0");
    }

    @Test
    void aWritePastTheDeclaredLengthIsRefusedWholeAndAfterTheStartTheProtocolIsTold() throws IOException {
        response.reset(false);
        response.headers().set("Content-Length", "4");
        response.body().write(bytes(2));
        response.body().flush();
        assertThatThrownBy(() -> response.body().write(bytes(3))).isInstanceOf(IllegalStateException.class)
                .hasMessage("response Content-Length mismatch: too many bytes written (5 of 4)");
        assertThat(response.bytesWritten()).isEqualTo(2);
        assertThat(producer.calls).endsWith("mismatch after start");
    }

    @Test
    void endingShortOfTheDeclaredLengthFailsBeforeAnythingIsSent() throws IOException {
        response.reset(false);
        response.headers().set("Content-Length", "10");
        response.body().write(bytes(5));
        assertThatThrownBy(response::end).isInstanceOf(IllegalStateException.class)
                .hasMessage("response Content-Length mismatch: too few bytes written (5 of 10)");
        assertThat(producer.calls).isEmpty();
        response.clearForError(500);
        response.end();
        assertThat(producer.calls).containsExactly("head 500 declared=-1 complete=0 body=true", "end trailers=0");
    }

    @Test
    void anAbortedResponseRefusesWritesAndFlushes() throws IOException {
        response.reset(false);
        response.abort();
        assertThatThrownBy(() -> response.body().write(bytes(1))).isInstanceOf(IOException.class)
                .hasMessage("the request was aborted; its response takes no more writes");
        assertThatThrownBy(() -> response.body().flush()).isInstanceOf(IOException.class);
        assertThat(producer.calls).isEmpty();
    }

    @Test
    void resetMakesItANewResponse() throws IOException {
        response.reset(false);
        response.status(404).trailers().add("X-T", "1");
        response.body().write(bytes(1));
        response.end();
        response.reset(false);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.hasStarted()).isFalse();
        assertThat(response.trailers().isEmpty()).isTrue();
        assertThat(response.bytesWritten()).isZero();
    }
}
