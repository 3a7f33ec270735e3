package io.windhover.server.host;

import io.windhover.server.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionListener;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The host's acceptor when accepting fails, as it does when the process runs out of file descriptors. */
class ConnectionHostAcceptTest {

    private static final EndPoint END_POINT = EndPoint.loopback(80);

    @Test
    void keepsAcceptingAfterABurstOfFailedAcceptsAndLogsTheBurstOnce() throws Exception {
        try (var pool = new DiagnosticMemoryPool(); var log = new LogCapture()) {
            var memory = new InMemoryTransport(pool);
            var failures = new AtomicInteger(3);
            var host = ConnectionHost.builder(endPoint -> new FailingFirst(memory.bind(endPoint), failures))
                    .pool(pool).listen(END_POINT, Echo::blocking).build();
            host.start();
            try {
                InMemoryConnection client = memory.connect(END_POINT);
                client.output().write("after the burst".getBytes(StandardCharsets.US_ASCII));
                client.output().flush();
                assertThat(readText(client, 15)).isEqualTo("after the burst");
                client.output().complete();
                client.input().complete();
            } finally {
                host.stop(Duration.ofSeconds(5));
            }
            assertThat(failures.get()).as("every failing accept was tried").isNegative();
            assertThat(log.linesContaining("Too many open files")).as("one line for the burst, not one per failure").hasSize(1);
            assertThat(log.linesContaining("accepting on " + END_POINT + " works again after 3 failed accept(s)")).hasSize(1);
        }
    }

    private static String readText(InMemoryConnection client, int length) {
        var text = new StringBuilder();
        while (text.length() < length) {
            ReadResult result = client.input().read();
            text.append(result.buffer().toString(StandardCharsets.US_ASCII));
            client.input().advanceTo(result.buffer().end());
            if (result.isCompleted()) {
                break;
            }
        }
        return text.toString();
    }

    /** A listener whose first accepts fail the way accept(2) does with EMFILE, then work. */
    private record FailingFirst(ConnectionListener delegate, AtomicInteger failuresLeft) implements ConnectionListener {

        @Override
        public EndPoint endPoint() {
            return delegate.endPoint();
        }

        @Override
        public ConnectionContext accept() throws IOException {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("Too many open files");
            }
            return delegate.accept();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
