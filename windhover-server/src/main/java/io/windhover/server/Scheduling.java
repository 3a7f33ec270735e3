package io.windhover.server;

/**
 * Where requests run. The connection pipeline's HTTP engines are called on the I/O loop in both
 * and never block it; what differs is where a request's handler runs.
 */
public enum Scheduling {

    /**
     * On virtual threads (the default): handlers may block, which parks their virtual thread and
     * frees the carrier, the way {@code await} yields in .NET. An HTTP/1.1 connection is served by
     * a virtual thread started when its input arrives, which serves every request already there and
     * ends when the connection waits for the next: a connection between requests holds no thread.
     * Each HTTP/2 stream runs on a virtual thread of its own. The I/O loops run on virtual threads
     * too, so a loop starts a connection's thread on a carrier's queue rather than through an OS
     * context switch; a handler that computes for long without blocking should therefore run on a
     * thread pool of its own, or it delays the I/O of its loop.
     */
    VIRTUAL_THREAD,

    /**
     * Inline, without a thread of its own: the pipeline is called once, on the connection's I/O
     * loop, and must return at once, then serves the connection from the pipes' callbacks, which
     * the transport runs on that loop. For applications that promise never to block: Kestrel's
     * {@code UnsafePreferInlineScheduling}. A pipeline that blocks here stalls every connection of
     * its loop.
     *
     * <p>The HTTP/1.1 engine runs a request inline when its whole body has arrived, and on a
     * virtual thread of its own when it would wait for the body or switches protocols. An inline
     * response is never held back while it is written; one that leaves more than 1 MiB unsent
     * because the peer lags fails (the connection is aborted and a warning logged), so large
     * responses belong on virtual threads.
     */
    INLINE
}
