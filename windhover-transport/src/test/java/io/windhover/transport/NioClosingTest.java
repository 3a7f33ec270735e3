package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.transport.nio.NioTransportOptions;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How a connection the application has closed ends on a real socket: it waits for the peer only so
 * long. Timeouts here are short, real ones (the transport keeps time by its selector), and the
 * tests wait on the connection's {@code closed()} signal, not on a clock.
 */
class NioClosingTest {

    @Test
    void aPeerThatNeverReadsTheRestOfTheOutputIsCutOffAtTheCloseTimeout() throws Exception {
        var options = NioTransportOptions.builder().ioLoops(1).closeTimeout(Duration.ofMillis(300)).build();
        try (var fixture = new TransportFixture.Tcp(options); var listener = fixture.bind(); var client = fixture.connect()) {
            ConnectionContext server = listener.accept();
            // More than the client's and the server's socket buffers hold, then the application is done.
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 256; i++) {
                server.output().write(chunk);
                server.output().tryFlush();
            }
            server.input().complete();
            server.output().complete();
            // The client reads nothing: the close timeout ends the connection.
            server.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(fixture.pool.rentedBlocks()).as("the unsent output went back to the pool").isZero();
        }
    }

    @Test
    void aLingeringCloseEndsAtTheLingerTimeoutWhileThePeerKeepsSending() throws Exception {
        var options = NioTransportOptions.builder().ioLoops(1).lingerTimeout(Duration.ofMillis(300)).build();
        try (var fixture = new TransportFixture.Tcp(options); var listener = fixture.bind(); var client = fixture.connect()) {
            ConnectionContext server = listener.accept();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                OutputStream out = client.out();
                byte[] chunk = new byte[16 * 1024];
                try {
                    for (int i = 0; i < 1_000_000; i++) { // bounded; the close ends it much sooner
                        out.write(chunk);
                    }
                } catch (java.io.IOException closedByServer) {
                    // expected once the linger is over
                }
            }, runnable -> Thread.ofVirtual().start(runnable));
            server.output().write(new byte[] {'b', 'y', 'e'});
            server.input().complete();
            server.output().complete();
            assertThat(client.in().readNBytes(3)).as("the answer arrives whole").isEqualTo(new byte[] {'b', 'y', 'e'});
            assertThat(client.in().read()).as("then the server's FIN").isEqualTo(-1);
            // The client never closes its side: the linger timeout closes the socket.
            server.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            sending.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPeerThatClosesItsSideEndsTheLingerAtOnce() throws Exception {
        var options = NioTransportOptions.builder().ioLoops(1).lingerTimeout(Duration.ofHours(1)).build();
        try (var fixture = new TransportFixture.Tcp(options); var listener = fixture.bind(); var client = fixture.connect()) {
            ConnectionContext server = listener.accept();
            client.out().write(new byte[1000]); // unread by the application
            server.output().write(new byte[] {'o', 'k'});
            server.input().complete();
            server.output().complete();
            assertThat(client.in().readNBytes(2)).isEqualTo(new byte[] {'o', 'k'});
            client.shutdownOutput();
            // Far sooner than the hour: the FIN ends the linger.
            server.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
