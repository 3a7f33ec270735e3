package io.windhover.server;

/** Where a connection's pipeline runs. */
public enum Scheduling {

    /**
     * On a virtual thread of its own (the default): the pipeline may block on its pipes, which
     * parks the virtual thread and frees the carrier, the way {@code await} yields in .NET. The
     * I/O loops then run on virtual threads too, so a loop hands a connection its input through a
     * carrier's queue rather than an OS context switch; a handler that computes for long without
     * blocking should therefore run on a thread pool of its own, or it delays the I/O of its loop.
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
