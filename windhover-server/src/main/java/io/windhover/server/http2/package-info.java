/**
 * HTTP/2, RFC 9113: the frame layer the HTTP/2 connection reads and writes through.
 *
 * <p>The vocabulary — {@link io.windhover.server.http2.Http2FrameType},
 * {@link io.windhover.server.http2.Http2ErrorCode}, {@link io.windhover.server.http2.Http2Flags},
 * {@link io.windhover.server.http2.Http2Setting} and {@link io.windhover.server.http2.Http2Settings}
 * — and {@link io.windhover.server.http2.Http2Exception}, an error that carries its scope (GOAWAY for
 * the connection, RST_STREAM for a stream). {@link io.windhover.server.http2.Http2FrameReader} reads
 * a client's frames from the input incrementally, applies every rule of §4–6 that needs no stream
 * state, and reports each frame to an {@link io.windhover.server.http2.Http2FrameHandler};
 * {@link io.windhover.server.http2.Http2FrameWriter} writes a server's frames into the output pipe.
 * Pure code: no threads, no I/O beyond the pipe writer, no allocation per frame.
 *
 * <p>Not exported. Imports only the public API, the contract, the shared core and {@code hpack}.
 */
package io.windhover.server.http2;
