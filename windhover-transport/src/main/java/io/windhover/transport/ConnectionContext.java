package io.windhover.transport;

import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import java.net.SocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * One accepted connection as the layers above the transport see it: two pipes and metadata.
 * Kestrel's {@code ConnectionContext}.
 *
 * <p><b>Lifecycle.</b> The application reads what the peer sent from {@link #input()} and writes
 * what it sends to {@link #output()}. It ends the connection by completing both: the transport
 * writes out what is left in the output pipe, then closes the socket. {@link #abort(String)} closes
 * at once instead. When the peer closes its side, reads report {@code isCompleted()}; when it
 * resets the connection, reads and flushes throw a {@link io.windhover.buffers.PipeException}
 * caused by a {@link ConnectionAbortedException}. Once both pipes' ends are completed every pool
 * block they held is back in the pool.
 *
 * <pre>{@code
 * ConnectionContext connection = listener.accept();
 * Thread.ofVirtual().start(() -> {
 *     try {
 *         serve(connection.input(), connection.output());
 *     } finally {
 *         connection.input().complete();
 *         connection.output().complete();
 *     }
 * });
 * }</pre>
 *
 * <p>Thread-safe for one reader and one writer thread, as pipes are; {@link #abort} from any thread.
 */
public interface ConnectionContext {

    /** A short id, unique within the process, for log lines. */
    String id();

    SocketAddress localAddress();

    /** The peer's address; for a Unix domain socket often unnamed. */
    SocketAddress remoteAddress();

    /** Bytes from the peer. */
    PipeReader input();

    /** Bytes to the peer. */
    PipeWriter output();

    /** Facts other layers attach to this connection. */
    FeatureCollection features();

    /** Completes when the transport has closed the connection, for whatever reason. */
    CompletionStage<Void> closed();

    /**
     * Runs {@code task} where the transport serves this connection's I/O — its I/O loop — which is
     * where a pipeline that never blocks starts and runs. By default at once on the calling thread,
     * for transports without a loop of their own.
     */
    default void executeOnTransport(Runnable task) {
        task.run();
    }

    /** Closes the connection now, dropping unsent output; pipe operations then fail with {@code reason}. */
    void abort(String reason);
}
