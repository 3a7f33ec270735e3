package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.transport.nio.NioTransportOptions;
import org.junit.jupiter.api.Test;

class NioTransportOptionsTest {

    @Test
    void defaultsAreKestrelsOneMebibyteIn64KibibytesOutBacklog512NoDelayOnAndALoopPerProcessor() {
        NioTransportOptions defaults = NioTransportOptions.defaults();
        assertThat(defaults.maxReadBufferSize()).isEqualTo(1024 * 1024);
        assertThat(defaults.maxWriteBufferSize()).isEqualTo(64 * 1024);
        assertThat(defaults.backlog()).isEqualTo(512);
        assertThat(defaults.noDelay()).isTrue();
        assertThat(defaults.reusePort()).isFalse();
        assertThat(defaults.ioLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void takesOneLoopAndABacklogOfOneAndRefusesZero() {
        assertThat(NioTransportOptions.builder().ioLoops(1).backlog(1).build().ioLoops()).isEqualTo(1);
        assertThatThrownBy(() -> NioTransportOptions.builder().ioLoops(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ioLoops must be at least 1, was 0");
        assertThatThrownBy(() -> NioTransportOptions.builder().backlog(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("backlog must be at least 1, was 0");
    }

    @Test
    void takesZeroBufferSizesForUnboundedAndRefusesNegativeOnes() {
        var unbounded = NioTransportOptions.builder().maxReadBufferSize(0).maxWriteBufferSize(0).build();
        assertThat(unbounded.maxReadBufferSize()).isZero();
        assertThat(unbounded.maxWriteBufferSize()).isZero();
        assertThatThrownBy(() -> NioTransportOptions.builder().maxReadBufferSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NioTransportOptions.builder().maxWriteBufferSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
