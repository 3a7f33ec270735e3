package io.windhover.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    @Test
    void ticksEveryHandlerAndSurvivesOneThatThrows() throws Exception {
        var ticks = new CountDownLatch(3);
        var failing = new AtomicInteger();
        try (var heartbeat = new Heartbeat(Duration.ofMillis(20))) {
            heartbeat.register(now -> {
                failing.incrementAndGet();
                throw new IllegalStateException("handler bug");
            });
            heartbeat.register(now -> ticks.countDown());
            heartbeat.start();
            assertThat(ticks.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failing.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aBurstOfRefusalsEndsWithTheFirstQuietTick() {
        var limiter = new ConnectionLimiter(1);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        limiter.onRefused("a");
        limiter.onRefused("b");
        limiter.onHeartbeat(1); // refusals during this interval: the burst goes on
        limiter.onHeartbeat(2); // a quiet interval: the burst is over and reported
        assertThat(limiter.refusedTotal()).isEqualTo(2);
        limiter.release();
        assertThat(limiter.open()).isZero();
        assertThat(limiter.tryAcquire()).isTrue();
    }
}
