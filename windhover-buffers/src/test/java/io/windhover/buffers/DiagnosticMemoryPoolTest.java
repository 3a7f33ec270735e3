package io.windhover.buffers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DiagnosticMemoryPoolTest {

    @Test
    void failsOnUseAfterReturnThroughAnyBufferOfTheBlock() {
        try (var pool = new DiagnosticMemoryPool()) {
            MemoryBlock block = pool.rent();
            ByteBuffer buffer = block.buffer();
            ByteBuffer slice = buffer.slice(10, 20);
            block.close();
            assertThatThrownBy(() -> buffer.get(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> slice.put(0, (byte) 1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void failsOnDoubleReturnNamingBothPlaces() {
        try (var pool = new DiagnosticMemoryPool()) {
            MemoryBlock block = pool.rent();
            block.close();
            assertThatThrownBy(block::close)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("given back twice")
                    .satisfies(e -> {
                        assertThat(e.getCause()).hasMessageContaining("given back here");
                        assertThat(e.getSuppressed()).singleElement().satisfies(s ->
                                assertThat(s.getMessage()).contains("rented here"));
                    });
        }
    }

    @Test
    void closeFailsWhenBlocksAreStillRentedAndSaysWhere() {
        var pool = new DiagnosticMemoryPool(256);
        pool.rent().close();
        MemoryBlock leaked = pool.rent();
        pool.rent();
        assertThat(pool.rentedBlocks()).isEqualTo(2);
        assertThatThrownBy(pool::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("2 memory block(s) still rented; their rent sites follow")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2)
                        .allSatisfy(s -> assertThat(s.getStackTrace()[1].getMethodName())
                                .isEqualTo("closeFailsWhenBlocksAreStillRentedAndSaysWhere")));
        assertThatThrownBy(() -> leaked.buffer().get(0)).as("freed by close").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(pool::rent).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void assertNoLeaksPassesOnceEverythingIsBack() {
        try (var pool = new DiagnosticMemoryPool()) {
            MemoryBlock block = pool.rent();
            assertThatThrownBy(pool::assertNoLeaks).hasMessageStartingWith("1 memory block(s) still rented");
            block.close();
            pool.assertNoLeaks();
            assertThat(pool.totalRents()).isEqualTo(1);
            assertThat(pool.statistics().rentedBlocks()).isZero();
        }
    }
}
