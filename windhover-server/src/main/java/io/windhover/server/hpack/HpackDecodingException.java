package io.windhover.server.hpack;

/**
 * A header block the decoder cannot make sense of: a malformed representation, an index outside
 * both tables, invalid Huffman data, an integer past 2^31 - 1, a string over the field-size limit,
 * a dynamic table size update in the wrong place or over the allowed maximum, or a block that ends
 * inside a field.
 *
 * <p>After it the decoder's dynamic table no longer matches the peer's, so every later block on
 * the connection would decode wrongly: RFC 9113 §4.3, "A decoding error in a field block MUST be
 * treated as a connection error (Section 5.4.1) of type COMPRESSION_ERROR." The HTTP/2 engine maps
 * it to exactly that and does not use the decoder again.
 *
 * <p>A header list over its size limit is <em>not</em> this error: see
 * {@link HpackDecoder#headerListTooLarge()}.
 */
public final class HpackDecodingException extends Exception {

    public HpackDecodingException(String message) {
        super(message, null, false, false);
    }
}
