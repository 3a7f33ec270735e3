package io.windhover.server.hpack;

import java.util.HashMap;

/**
 * The encoder's dynamic table (RFC 7541 §2.3.2, §4): the same FIFO the peer's decoder keeps, plus
 * a lookup from name and value to index, so that a field sent before is found in one hash probe and
 * a scan of the (few) entries with its name.
 *
 * <p>Entries are numbered by insertion; the newest is HPACK index 62, an entry inserted {@code k}
 * insertions earlier is {@code 62 + k}.
 *
 * <p>Not thread-safe; owned by its {@link HpackEncoder}.
 */
final class HpackEncoderTable {

    private static final class Entry {
        final String name;
        final String value;
        final long insertion;
        final int size;
        /** The next newer entry, toward {@link #newest}. */
        Entry newer;
        /** The next older entry with the same name. */
        Entry olderSameName;

        Entry(String name, String value, long insertion) {
            this.name = name;
            this.value = value;
            this.insertion = insertion;
            this.size = name.length() + value.length() + HpackDynamicTable.ENTRY_OVERHEAD;
        }
    }

    /** The newest entry of each name present. */
    private final HashMap<String, Entry> newestByName = new HashMap<>();
    private Entry oldest;
    private Entry newest;
    private long insertions;
    private int length;
    private int size;
    private int maxSize;

    HpackEncoderTable(int maxSize) {
        this.maxSize = maxSize;
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

    private int index(Entry entry) {
        return HpackStaticTable.LENGTH + 1 + (int) (newest.insertion - entry.insertion);
    }

    /** The index of the newest entry holding exactly {@code name: value}, or 0. */
    int fieldIndex(String name, String value) {
        for (Entry e = newestByName.get(name); e != null; e = e.olderSameName) {
            if (e.value.equals(value)) {
                return index(e);
            }
        }
        return 0;
    }

    /** The index of the newest entry named {@code name}, or 0. */
    int nameIndex(String name) {
        Entry e = newestByName.get(name);
        return e == null ? 0 : index(e);
    }

    /** §4.4: adds the field, evicting the oldest entries to make room; one larger than the maximum empties the table. */
    void add(String name, String value) {
        var entry = new Entry(name, value, insertions);
        if (entry.size > maxSize) {
            evictUntil(0);
            return;
        }
        insertions++;
        evictUntil(maxSize - entry.size);
        entry.olderSameName = newestByName.put(name, entry);
        if (newest == null) {
            oldest = entry;
        } else {
            newest.newer = entry;
        }
        newest = entry;
        length++;
        size += entry.size;
    }

    /** §4.3: a lower maximum evicts until the table fits it. */
    void setMaxSize(int newMaxSize) {
        evictUntil(newMaxSize);
        maxSize = newMaxSize;
    }

    private void evictUntil(int targetSize) {
        while (size > targetSize) {
            Entry evicted = oldest;
            oldest = evicted.newer;
            if (oldest == null) {
                newest = null;
            }
            unlinkFromName(evicted);
            length--;
            size -= evicted.size;
        }
    }

    /** The evicted entry is the oldest of its name, the last of its chain. */
    private void unlinkFromName(Entry evicted) {
        Entry e = newestByName.get(evicted.name);
        if (e == evicted) {
            newestByName.remove(evicted.name);
            return;
        }
        while (e.olderSameName != evicted) {
            e = e.olderSameName;
        }
        e.olderSameName = null;
    }
}
