/**
 * HPACK, RFC 7541: header compression for the HTTP/2 engine.
 *
 * <p>{@link io.windhover.server.hpack.HpackDecoder} decodes the peer's header blocks fragment by
 * fragment into a {@link io.windhover.server.hpack.HpackHeaderHandler}, within the table, field and
 * list limits; {@link io.windhover.server.hpack.HpackEncoder} writes response blocks into a
 * {@link io.windhover.server.hpack.HeaderBlockBuffer}. {@link io.windhover.server.hpack.HpackStaticTable}
 * gives names ids the engine compares as ints. The rest — the tables, Huffman coding — is
 * package-private. Pure code: no I/O, no dependency on the rest of the server.
 *
 * <p>Not exported: the engine in {@code io.windhover.server.http2} is its only user.
 */
package io.windhover.server.hpack;
