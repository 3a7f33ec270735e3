package io.windhover.server.hpack;

import static io.windhover.server.hpack.RecordingHeaderHandler.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderBlockBufferTest {

    @Test
    void keepsEveryOctetWhenItGrowsOneOctetAtATime() {
        var buffer = new HeaderBlockBuffer(16);
        for (int i = 0; i < 1_000; i++) {
            buffer.writeByte(i);
        }
        assertThat(buffer.length()).isEqualTo(1_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(buffer.array()[i]).as("octet %d", i).isEqualTo((byte) i);
        }
    }

    @Test
    void keepsEveryOctetWhenAStringOrAnIntegerMakesItGrow() {
        var buffer = new HeaderBlockBuffer(16);
        buffer.writeString("a".repeat(20), false);
        buffer.writeInteger(0x80, 7, Integer.MAX_VALUE);
        buffer.writeString("a".repeat(20), true);
        // 20 raw octets; 2^31 - 1 on a 7-bit prefix (127, then 2^31 - 128 in five groups); 20 x 00011 and 4 ones.
        assertThat(hex(buffer.toByteArray()))
                .isEqualTo("14" + "61".repeat(20) + "ff80ffffff07" + "8d" + "18c6318c6318c6318c6318c63f");
    }

    @Test
    void resetKeepsTheArrayForTheNextBlock() {
        var buffer = new HeaderBlockBuffer(16);
        buffer.writeString("x".repeat(100), false);
        byte[] grown = buffer.array();
        buffer.reset();
        assertThat(buffer.length()).isZero();
        buffer.writeByte(0x88);
        assertThat(buffer.array()).isSameAs(grown);
        assertThat(buffer.toByteArray()).containsExactly(0x88);
    }
}
