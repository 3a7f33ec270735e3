package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {

    @Test
    void defaultsAreUnlimitedConnectionsAndTheAspNetHostsThirtySecondShutdown() {
        ServerLimits defaults = ServerLimits.defaults();
        assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxConcurrentConnections()).isEqualTo(ServerLimits.UNLIMITED).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void takesOneConnectionAndRefusesZero() {
        assertThat(ServerLimits.builder().maxConcurrentConnections(1).build().maxConcurrentConnections()).isEqualTo(1);
        assertThatThrownBy(() -> ServerLimits.builder().maxConcurrentConnections(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConcurrentConnections must be at least 1, was 0");
    }

    @Test
    void takesAZeroShutdownTimeoutAndRefusesANegativeOne() {
        assertThat(ServerLimits.builder().shutdownTimeout(Duration.ZERO).build().shutdownTimeout()).isZero();
        assertThatThrownBy(() -> ServerLimits.builder().shutdownTimeout(Duration.ofNanos(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
