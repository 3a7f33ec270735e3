package io.windhover.server.hpack;

/**
 * Receives the fields {@link HpackDecoder} decodes, one call per field, in block order.
 *
 * <p>The name and value are views: the arrays belong to the decoder (its scratch space, its
 * dynamic table, the static table or the caller's own fragment) and are valid only during the
 * call, never to be written to. A handler keeps what it needs by copying the ranges out or by
 * making a {@code String} of them. Names arrive as sent; lower-case checks (RFC 9113 §8.2.1) are
 * the engine's. It is called on the thread that called {@code decode}, and must not call the
 * decoder back; if it throws, the decoder is unusable (the field may not have entered the table).
 *
 * <pre>{@code
 * HpackHeaderHandler handler = (nameId, name, nameOffset, nameLength, value, valueOffset, valueLength) -> {
 *     switch (nameId) {
 *         case HpackStaticTable.METHOD -> method = latin1(value, valueOffset, valueLength);
 *         case HpackStaticTable.PATH -> path = latin1(value, valueOffset, valueLength);
 *         case HpackStaticTable.UNKNOWN_NAME -> headers.add(name, nameOffset, nameLength, value, valueOffset, valueLength);
 *         default -> headers.addKnown(nameId, value, valueOffset, valueLength);
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface HpackHeaderHandler {

    /**
     * One decoded field.
     *
     * @param nameId the name's id in {@link HpackStaticTable} (such as {@link HpackStaticTable#PATH}),
     *     or {@link HpackStaticTable#UNKNOWN_NAME}; given however the name was sent, by index or as a
     *     literal
     */
    void onHeader(int nameId, byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset, int valueLength);
}
