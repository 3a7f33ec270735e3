package io.windhover.server.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The HPACK bomb: one block puts a 4 KiB field in the dynamic table, the next names it 10,000
 * times in 10,000 octets — 40 MB of header list. The decoder reports the fields up to the 32 KiB
 * list limit, drops the rest while still reading them, flags the list, and allocates nothing for
 * the dropped ones.
 */
class HpackBombTest {

    private static final int REFERENCES = 10_000;
    /** 6 + 4,058 + 32 = 4,096 octets: the whole default table. */
    private static final String VALUE = "b".repeat(4_058);

    /** Counts what it is given and keeps nothing, so that it allocates nothing itself. */
    private static final class CountingHandler implements HpackHeaderHandler {
        int fields;
        long octets;

        @Override
        public void onHeader(int nameId, byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset,
                int valueLength) {
            fields++;
            octets += nameLength + valueLength;
        }
    }

    private static byte[] references() {
        byte[] block = new byte[REFERENCES];
        Arrays.fill(block, (byte) 0xBE); // indexed field 62: the newest dynamic entry
        return block;
    }

    private static HpackDecoder armedDecoder() throws HpackDecodingException {
        var decoder = new HpackDecoder();
        decoder.decode(HpackDecoderTest.literalWithIndexing("x-bomb", VALUE), new CountingHandler());
        assertThat(decoder.table().size()).isEqualTo(4_096);
        return decoder;
    }

    @Test
    void reportsFieldsUpToTheListLimitAndDropsTheRestWithoutAllocating() throws Exception {
        var decoder = armedDecoder();
        byte[] bomb = references();
        // Warm the decoder's paths once, so that the measured run sees no first-use allocation.
        decoder.decode(bomb, new CountingHandler());

        var handler = new CountingHandler();
        long before = allocatedBytes();
        decoder.decode(bomb, handler);
        long allocated = allocatedBytes() - before;

        assertThat(handler.fields).as("32,768 / 4,096: exactly the limit").isEqualTo(8);
        assertThat(handler.octets).isEqualTo(8L * (6 + 4_058));
        assertThat(decoder.headerListTooLarge()).isTrue();
        assertThat(decoder.headerListSize()).isEqualTo(REFERENCES * 4_096L);
        assertThat(decoder.table().size()).as("the table is intact").isEqualTo(4_096);
        if (allocated >= 0) {
            assertThat(allocated).as("bytes allocated decoding 40 MB of header list").isLessThan(4_096);
        }
    }

    @Test
    void theSameBombInManyFragmentsIsRefusedTheSame() throws Exception {
        var decoder = armedDecoder();
        byte[] bomb = references();
        var handler = new CountingHandler();
        for (int offset = 0; offset < bomb.length; offset += 1_000) {
            decoder.decode(bomb, offset, 1_000, offset + 1_000 == bomb.length, handler);
        }
        assertThat(handler.fields).isEqualTo(8);
        assertThat(decoder.headerListTooLarge()).isTrue();
        assertThat(decode(decoder, new byte[] {(byte) 0xBE})).as("the next block is served").isEqualTo(1);
    }

    @Test
    void allocationIsMeasurable() {
        assumeTrue(allocatedBytes() >= 0, "thread allocation counting is available");
        long before = allocatedBytes();
        byte[] garbage = new byte[100_000];
        assertThat(allocatedBytes() - before).isGreaterThanOrEqualTo(garbage.length);
    }

    private static int decode(HpackDecoder decoder, byte[] block) throws HpackDecodingException {
        var handler = new CountingHandler();
        decoder.decode(block, handler);
        return handler.fields;
    }

    /**
     * HotSpot's per-thread allocation counter ({@code com.sun.management.ThreadMXBean}), read by
     * reflection because this module reads neither {@code java.management} nor {@code jdk.management}; -1 where it is missing.
     */
    static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Method method = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            return (long) method.invoke(bean);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
