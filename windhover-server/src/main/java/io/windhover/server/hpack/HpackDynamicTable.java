package io.windhover.server.hpack;

/**
 * The decoder's dynamic table (RFC 7541 §2.3.2, §4): a FIFO of fields, newest at index 1, whose
 * size — the sum of name length + value length + 32 over its entries — never exceeds its maximum.
 *
 * <p>Each entry keeps its name and value in one array (name first) and its name id, so that a
 * field referenced many times is looked up, never re-examined. The entries sit in a ring that
 * doubles when an insertion finds it full, so it never holds more than twice the entries the
 * maximum allows (one per 32 octets) — and a peer that raises the size without filling the table
 * costs nothing. Adding copies the field: with the ring's growth, the only allocation of the
 * decoder once its scratch buffers are grown.
 *
 * <p>Not thread-safe; owned by its {@link HpackDecoder}.
 */
final class HpackDynamicTable {

    /** §4.1: "The size of an entry is the sum of its name's length in octets [...], its value's length in octets, and 32." */
    static final int ENTRY_OVERHEAD = 32;

    private byte[][] fields;
    private int[] nameLengths;
    private int[] nameIds;
    /** The slot of the newest entry. */
    private int newest = -1;
    private int length;
    private int size;
    private int maxSize;

    /** 16 entries: a browser's first request leaves about as many in the table. */
    private static final int INITIAL_CAPACITY = 16;

    HpackDynamicTable(int maxSize) {
        this.maxSize = maxSize;
        fields = new byte[INITIAL_CAPACITY][];
        nameLengths = new int[INITIAL_CAPACITY];
        nameIds = new int[INITIAL_CAPACITY];
    }

    int length() {
        return length;
    }

    int size() {
        return size;
    }

    int maxSize() {
        return maxSize;
    }

    private int slot(int index) {
        int slot = newest - (index - 1);
        return slot < 0 ? slot + fields.length : slot;
    }

    /** The name-then-value array of entry {@code index}, 1 (newest) to {@link #length()}. */
    byte[] field(int index) {
        return fields[slot(index)];
    }

    int nameLength(int index) {
        return nameLengths[slot(index)];
    }

    int nameId(int index) {
        return nameIds[slot(index)];
    }

    /**
     * §4.4: "Before a new entry is added to the dynamic table, entries are evicted from the end of
     * the dynamic table until the size of the dynamic table is less than or equal to (maximum size -
     * new entry size) or until the table is empty. [...] an attempt to add an entry larger than the
     * maximum size causes the table to be emptied of all existing entries and results in an empty
     * table." The field is copied first: its name may be an entry this eviction drops ("the
     * implementation has to take care to avoid deleting the referenced name").
     */
    void add(int nameId, byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset, int valueLength) {
        long entrySize = (long) nameLength + valueLength + ENTRY_OVERHEAD;
        if (entrySize > maxSize) {
            clear();
            return;
        }
        byte[] field = new byte[nameLength + valueLength];
        System.arraycopy(name, nameOffset, field, 0, nameLength);
        System.arraycopy(value, valueOffset, field, nameLength, valueLength);
        evictUntil(maxSize - (int) entrySize);
        if (length == fields.length) {
            grow();
        }
        newest = newest + 1 == fields.length ? 0 : newest + 1;
        fields[newest] = field;
        nameLengths[newest] = nameLength;
        nameIds[newest] = nameId;
        length++;
        size += (int) entrySize;
    }

    /**
     * §4.3: "Whenever the maximum size for the dynamic table is reduced, entries are evicted from the
     * end of the dynamic table until the size of the dynamic table is less than or equal to the
     * maximum size."
     */
    void setMaxSize(int newMaxSize) {
        evictUntil(newMaxSize);
        maxSize = newMaxSize;
    }

    /** Doubles the ring, laying the entries out oldest first from slot 0. */
    private void grow() {
        byte[][] oldFields = fields;
        int[] oldNameLengths = nameLengths;
        int[] oldNameIds = nameIds;
        int capacity = oldFields.length * 2;
        fields = new byte[capacity][];
        nameLengths = new int[capacity];
        nameIds = new int[capacity];
        for (int i = length; i >= 1; i--) {
            int from = Math.floorMod(newest - (i - 1), oldFields.length);
            int to = length - i;
            fields[to] = oldFields[from];
            nameLengths[to] = oldNameLengths[from];
            nameIds[to] = oldNameIds[from];
        }
        newest = length - 1;
    }

    private void evictUntil(int targetSize) {
        while (size > targetSize) {
            int oldest = slot(length);
            size -= fields[oldest].length + ENTRY_OVERHEAD;
            fields[oldest] = null;
            length--;
        }
    }

    private void clear() {
        evictUntil(0);
    }
}
