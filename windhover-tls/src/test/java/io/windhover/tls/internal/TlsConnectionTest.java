package io.windhover.tls.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import io.windhover.buffers.ReadResult;
import io.windhover.tls.ServerCertificate;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryTransport;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.AbstractMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pump alone: a client {@link TlsConnection} and a server one joined by in-memory pipes on the
 * diagnostic pool, so every path — records across blocks, plaintext larger than a block, both
 * directions' back-pressure, close_notify — runs and no block is leaked.
 */
class TlsConnectionTest {

    private static final ServerCertificate CERTIFICATE = ServerCertificate.selfSigned("tls.test");

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final InMemoryTransport transport = new InMemoryTransport(pool);
    private final ScratchBuffers scratch = new ScratchBuffers(4);

    @AfterEach
    void noLeaks() {
        pool.assertNoLeaks();
    }

    private static SSLContext serverContext() throws Exception {
        var context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new SniKeyManager(List.of(new AbstractMap.SimpleImmutableEntry<>(null, CERTIFICATE)))},
                null, null);
        return context;
    }

    private static SSLContext clientContext(ServerCertificate trusted) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("server", trusted.chain().getFirst());
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Both ends, handshaking. */
    private record Pair(TlsConnection client, TlsConnection server, CompletableFuture<Boolean> clientReady,
            CompletableFuture<Boolean> serverReady) {
    }

    private Pair connect(SSLContext clientContext) throws Exception {
        return connect(clientContext, false);
    }

    /** @param dribble whether the client's ciphertext reaches the server a byte per flush */
    private Pair connect(SSLContext clientContext, boolean dribble) throws Exception {
        EndPoint endPoint = EndPoint.loopback(443);
        var listener = transport.bind(endPoint);
        ConnectionContext connected = transport.connect(endPoint);
        ConnectionContext clientSide = dribble ? new DribblingConnection(connected) : connected;
        ConnectionContext serverSide = listener.accept();
        listener.close();
        SSLEngine serverEngine = serverContext().createSSLEngine();
        serverEngine.setUseClientMode(false);
        SSLEngine clientEngine = clientContext.createSSLEngine("tls.test", 443);
        clientEngine.setUseClientMode(true);
        var clientReady = new CompletableFuture<Boolean>();
        var serverReady = new CompletableFuture<Boolean>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        var client = new TlsConnection(clientSide, clientEngine, pool, scratch, deadline, listener(clientReady));
        var server = new TlsConnection(serverSide, serverEngine, pool, scratch, deadline, listener(serverReady));
        server.start();
        client.start();
        return new Pair(client, server, clientReady, serverReady);
    }

    private static TlsConnection.Listener listener(CompletableFuture<Boolean> ready) {
        return new TlsConnection.Listener() {
            @Override
            public void handshakeCompleted(TlsConnection connection) {
                ready.complete(true);
            }

            @Override
            public void handshakeFailed(TlsConnection connection) {
                ready.complete(false);
            }
        };
    }

    @ParameterizedTest(name = "writes of up to {0} bytes")
    @ValueSource(ints = {1, 700, 4096, 40_000})
    void carriesMebibytesBothWaysIntactAndClosesWithCloseNotify(int maxWrite) throws Exception {
        Pair pair = connect(clientContext(CERTIFICATE));
        assertThat(pair.serverReady().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pair.clientReady().get(10, TimeUnit.SECONDS)).isTrue();
        int size = maxWrite == 1 ? 64 * 1024 : 3 * 1024 * 1024;

        // The server echoes on a thread of its own; the client writes on another and reads here.
        var echo = Thread.ofVirtual().start(() -> copy(pair.server().input(), pair.server().output()));
        var source = new Random(maxWrite);
        var sent = new CRC32();
        var writer = Thread.ofVirtual().start(() -> {
            PipeWriter out = pair.client().output();
            var random = new Random(maxWrite);
            for (int written = 0; written < size; ) {
                int n = Math.min(size - written, 1 + random.nextInt(maxWrite));
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                out.write(chunk);
                out.flush();
                written += n;
            }
            out.complete();
        });
        // Same seed, same bytes: what the writer sends, for the checksum.
        for (int expected = 0; expected < size; ) {
            int n = Math.min(size - expected, 1 + source.nextInt(maxWrite));
            byte[] chunk = new byte[n];
            source.nextBytes(chunk);
            sent.update(chunk);
            expected += n;
        }
        var received = new CRC32();
        long count = drain(pair.client().input(), received);

        writer.join();
        echo.join();
        assertThat(count).isEqualTo(size);
        assertThat(received.getValue()).isEqualTo(sent.getValue());
        pair.client().input().complete();
        pair.server().finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pair.client().finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Copies until the input ends, then completes both. */
    private static void copy(PipeReader in, PipeWriter out) {
        try {
            while (true) {
                ReadResult result = in.read();
                for (ByteBuffer buffer : buffers(result)) {
                    out.write(buffer);
                }
                in.advanceTo(result.buffer().end());
                out.flush();
                if (result.isCompleted()) {
                    break;
                }
            }
        } finally {
            in.complete();
            out.complete();
        }
    }

    private static List<ByteBuffer> buffers(ReadResult result) {
        var views = new ByteBuffer[result.buffer().segmentCount()];
        int n = result.buffer().toByteBuffers(views, 0);
        return java.util.Arrays.asList(views).subList(0, n); // empty segments leave the tail null
    }

    private static long drain(PipeReader in, CRC32 checksum) {
        long total = 0;
        while (true) {
            ReadResult result = in.read();
            for (ByteBuffer buffer : buffers(result)) {
                total += buffer.remaining();
                checksum.update(buffer);
            }
            in.advanceTo(result.buffer().end());
            if (result.isCompleted()) {
                return total;
            }
        }
    }

    @Test
    void assemblesRecordsThatArriveAByteAtATime() throws Exception {
        Pair pair = connect(clientContext(CERTIFICATE), true);
        assertThat(pair.serverReady().get(10, TimeUnit.SECONDS)).isTrue();
        byte[] message = new byte[20_000]; // more than one record, each split into a byte per flush
        new Random(5).nextBytes(message);

        var echo = Thread.ofVirtual().start(() -> copy(pair.server().input(), pair.server().output()));
        pair.client().output().write(message);
        pair.client().output().flush();
        pair.client().output().complete();
        var received = new CRC32();
        long count = drain(pair.client().input(), received);

        echo.join();
        var sent = new CRC32();
        sent.update(message);
        assertThat(count).isEqualTo(message.length);
        assertThat(received.getValue()).isEqualTo(sent.getValue());
        pair.client().input().complete();
        pair.server().finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pair.client().finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A connection whose writes reach the peer one byte per flush, as a slow network may deliver them. */
    private static final class DribblingConnection implements ConnectionContext {
        private final ConnectionContext inner;
        private final PipeWriter output;

        DribblingConnection(ConnectionContext inner) {
            this.inner = inner;
            PipeWriter real = inner.output();
            this.output = new PipeWriter() {
                @Override
                public ByteBuffer getMemory(int sizeHint) {
                    return real.getMemory(sizeHint);
                }

                @Override
                public void advance(int bytes) {
                    real.advance(bytes);
                }

                @Override
                public void write(byte[] source, int offset, int length) {
                    write(ByteBuffer.wrap(source, offset, length));
                }

                @Override
                public void write(ByteBuffer source) {
                    while (source.hasRemaining()) {
                        real.write(new byte[] {source.get()});
                        real.tryFlush();
                    }
                }

                @Override
                public io.windhover.buffers.FlushResult flush() {
                    return real.flush();
                }

                @Override
                public io.windhover.buffers.FlushResult tryFlush() {
                    return real.tryFlush();
                }

                @Override
                public boolean whenWritable(Runnable callback) {
                    return real.whenWritable(callback);
                }

                @Override
                public long unflushedBytes() {
                    return real.unflushedBytes();
                }

                @Override
                public long unconsumedBytes() {
                    return real.unconsumedBytes();
                }

                @Override
                public void cancelPendingFlush() {
                    real.cancelPendingFlush();
                }

                @Override
                public void complete(Throwable error) {
                    real.complete(error);
                }
            };
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public java.net.SocketAddress localAddress() {
            return inner.localAddress();
        }

        @Override
        public java.net.SocketAddress remoteAddress() {
            return inner.remoteAddress();
        }

        @Override
        public PipeReader input() {
            return inner.input();
        }

        @Override
        public PipeWriter output() {
            return output;
        }

        @Override
        public io.windhover.transport.FeatureCollection features() {
            return inner.features();
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> closed() {
            return inner.closed();
        }

        @Override
        public void abort(String reason) {
            inner.abort(reason);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheServerFailsTheHandshakeOnBothEnds() throws Exception {
        Pair pair = connect(clientContext(ServerCertificate.selfSigned("someone.else")));

        assertThat(pair.clientReady().get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(pair.serverReady().get(10, TimeUnit.SECONDS)).isFalse();
        pair.client().finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pair.server().finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAbortedTransportFailsTheProtocolsReads() throws Exception {
        Pair pair = connect(clientContext(CERTIFICATE));
        assertThat(pair.serverReady().get(10, TimeUnit.SECONDS)).isTrue();

        var reading = CompletableFuture.supplyAsync(() -> {
            try {
                pair.server().input().read();
                return "read";
            } catch (PipeException e) {
                return "failed";
            }
        });
        pair.client().abort("test reset");

        assertThat(reading.get(10, TimeUnit.SECONDS)).isEqualTo("failed");
        pair.server().input().complete();
        pair.server().output().complete();
        pair.server().finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pair.client().input().complete();
        pair.client().output().complete();
        pair.client().finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
