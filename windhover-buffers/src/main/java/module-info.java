/**
 * Windhover's memory and byte-stream foundation: a pool of fixed-size off-heap blocks, read-only
 * sequences over chains of blocks with a reader for parsers, and pipes with back-pressure.
 *
 * <p>This module depends on nothing but the SLF4J API. Everything above it (transport, HTTP
 * engines, the web layer) moves bytes through {@link io.windhover.buffers.Pipe}s whose memory
 * comes from a {@link io.windhover.buffers.MemoryPool}.
 */
module io.windhover.buffers {
    requires org.slf4j;

    exports io.windhover.buffers;
}
