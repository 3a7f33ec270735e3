package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The echo protocol over every transport, each test on the diagnostic pool (closing it checks for leaks). */
class TransportTest {

    private static final long TIMEOUT = 30;

    @ParameterizedTest
    @ValueSource(strings = {"nio-tcp", "nio-tcp-virtual-loops", "nio-unix", "in-memory"})
    void echoesManyConcurrentConnectionsWithRandomChunking(String transport) throws Exception {
        try (var fixture = TransportFixture.named(transport); var server = new EchoServer(fixture.bind())) {
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 24; c++) {
                long seed = c;
                clients.add(CompletableFuture.runAsync(() -> exchange(fixture, seed, 192 * 1024),
                        runnable -> Thread.ofVirtual().start(runnable)));
            }
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(TIMEOUT, TimeUnit.SECONDS);
            server.awaitHandlers();
            assertThat(server.failures).isEmpty();
            assertThat(server.connections).hasSize(24);
        }
    }

    /** Sends {@code size} random bytes in random chunks while reading the echo; then half-closes and expects EOF. */
    private static void exchange(TransportFixture fixture, long seed, int size) {
        try (TransportFixture.Client client = fixture.connect()) {
            var random = new SplittableRandom(seed);
            byte[] data = new byte[size];
            random.nextBytes(data);
            var reader = CompletableFuture.supplyAsync(() -> readAll(client.in()), runnable -> Thread.ofVirtual().start(runnable));
            OutputStream out = client.out();
            for (int i = 0; i < size; ) {
                int chunk = Math.min(size - i, 1 + random.nextInt(20_000));
                out.write(data, i, chunk);
                i += chunk;
            }
            client.shutdownOutput();
            byte[] echoed = reader.get(TIMEOUT, TimeUnit.SECONDS);
            assertThat(echoed.length).isEqualTo(size);
            assertThat(Arrays.equals(echoed, data)).as("echo intact").isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio-tcp", "nio-tcp-virtual-loops", "nio-unix", "in-memory"})
    void halfCloseLetsTheServerFinishItsAnswer(String transport) throws Exception {
        try (var fixture = TransportFixture.named(transport); var server = new EchoServer(fixture.bind());
                var client = fixture.connect()) {
            client.out().write("ping".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertThat(new String(client.in().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ping");
            server.awaitHandlers();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio-tcp", "nio-tcp-virtual-loops", "nio-unix", "in-memory"})
    void aResetEndsThatConnectionCleanlyAndTheServerServesOthers(String transport) throws Exception {
        try (var fixture = TransportFixture.named(transport); var server = new EchoServer(fixture.bind())) {
            var doomed = fixture.connect();
            doomed.out().write(new byte[10_000]);
            doomed.reset();
            exchange(fixture, 99, 50_000);
            server.awaitHandlers();
            assertThat(server.failures).isEmpty();
            for (ConnectionContext connection : server.connections) {
                connection.closed().toCompletableFuture().get(TIMEOUT, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio-tcp", "in-memory"})
    void anAbortedConnectionEndsForThePeer(String transport) throws Exception {
        try (var fixture = TransportFixture.named(transport); var server = new EchoServer(fixture.bind());
                var client = fixture.connect()) {
            client.out().write(1);
            assertThat(client.in().read()).isEqualTo(1);
            server.connections.getFirst().abort("test abort");
            int next;
            try {
                next = client.in().read();
            } catch (IOException reset) {
                next = -1;
            }
            assertThat(next).as("EOF or reset").isEqualTo(-1);
            server.awaitHandlers();
        }
    }
}
