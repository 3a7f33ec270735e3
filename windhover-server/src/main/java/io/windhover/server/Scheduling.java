package io.windhover.server;

/** Where a connection's pipeline runs. */
public enum Scheduling {

    /**
     * On a virtual thread of its own (the default): the pipeline may block on its pipes, which
     * parks the virtual thread and frees the carrier, the way {@code await} yields in .NET.
     */
    VIRTUAL_THREAD,

    /**
     * Inline, without a thread of its own: the pipeline is called once and must return at once,
     * then serves the connection from the pipes' callbacks, which the transport runs on its I/O
     * loop. For applications that promise never to block: Kestrel's
     * {@code UnsafePreferInlineScheduling}. A pipeline that blocks here stalls every connection of
     * its loop.
     */
    INLINE
}
