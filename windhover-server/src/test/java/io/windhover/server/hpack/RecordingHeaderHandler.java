package io.windhover.server.hpack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records each decoded field as {@code "name: value"} (Latin-1) with its name id. */
final class RecordingHeaderHandler implements HpackHeaderHandler {

    final List<String> fields = new ArrayList<>();
    final List<Integer> nameIds = new ArrayList<>();

    @Override
    public void onHeader(int nameId, byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset,
            int valueLength) {
        fields.add(latin1(name, nameOffset, nameLength) + ": " + latin1(value, valueOffset, valueLength));
        nameIds.add(nameId);
    }

    static String latin1(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The decoder's dynamic table, newest first, as {@code "(size) name: value"}. */
    static List<String> entries(HpackDynamicTable table) {
        List<String> entries = new ArrayList<>();
        for (int i = 1; i <= table.length(); i++) {
            byte[] field = table.field(i);
            int nameLength = table.nameLength(i);
            entries.add("(" + (field.length + 32) + ") " + latin1(field, 0, nameLength) + ": "
                    + latin1(field, nameLength, field.length - nameLength));
        }
        return entries;
    }

    /** Decodes one whole block with {@code decoder} and returns its fields. */
    static List<String> decode(HpackDecoder decoder, byte[] block) throws HpackDecodingException {
        var handler = new RecordingHeaderHandler();
        decoder.decode(block, handler);
        return handler.fields;
    }
}
