package io.windhover.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeoutControlTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ConnectionTimeouts timeouts = new ConnectionTimeouts(clock::get);
    private final List<TimeoutReason> fired = new CopyOnWriteArrayList<>();
    private final TimeoutControl control = timeouts.register(fired::add);

    private void advance(Duration by) {
        timeouts.onHeartbeat(clock.addAndGet(by.toNanos()));
    }

    @Test
    void firesOnceAtTheDeadlineAndNotANanosecondBefore() {
        control.start(TimeoutReason.KEEP_ALIVE, Duration.ofSeconds(130).toNanos());
        advance(Duration.ofSeconds(130).minusNanos(1));
        assertThat(fired).isEmpty();
        assertThat(control.reason()).isEqualTo(TimeoutReason.KEEP_ALIVE);

        advance(Duration.ofNanos(1));
        advance(Duration.ofSeconds(10));
        assertThat(fired).containsExactly(TimeoutReason.KEEP_ALIVE);
        assertThat(control.reason()).isEqualTo(TimeoutReason.NONE);
        assertThat(control.takeFired()).isEqualTo(TimeoutReason.KEEP_ALIVE);
        assertThat(control.takeFired()).isEqualTo(TimeoutReason.NONE);
    }

    @Test
    void aCanceledDeadlineNeverFiresAndAFiredReasonSurvivesACancel() {
        control.start(TimeoutReason.REQUEST_HEADERS, 10);
        control.cancel();
        advance(Duration.ofSeconds(1));
        assertThat(fired).isEmpty();

        control.start(TimeoutReason.REQUEST_HEADERS, 10);
        advance(Duration.ofSeconds(1));
        control.cancel();
        assertThat(control.takeFired()).isEqualTo(TimeoutReason.REQUEST_HEADERS);
    }

    @Test
    void reArmingReplacesTheDeadlineAndForgetsAFiredReasonNotTaken() {
        control.start(TimeoutReason.KEEP_ALIVE, 10);
        advance(Duration.ofSeconds(1));
        control.start(TimeoutReason.REQUEST_HEADERS, Duration.ofSeconds(30).toNanos());
        assertThat(control.takeFired()).isEqualTo(TimeoutReason.NONE);
        advance(Duration.ofSeconds(29));
        assertThat(fired).containsExactly(TimeoutReason.KEEP_ALIVE);
        advance(Duration.ofSeconds(1));
        assertThat(fired).containsExactly(TimeoutReason.KEEP_ALIVE, TimeoutReason.REQUEST_HEADERS);
    }

    @Test
    void reArmingBeforeTheOldDeadlineLeavesOnlyTheNewOne() {
        control.start(TimeoutReason.KEEP_ALIVE, 10);
        control.start(TimeoutReason.REQUEST_HEADERS, Duration.ofSeconds(30).toNanos());
        advance(Duration.ofSeconds(1));
        assertThat(fired).isEmpty();
        assertThat(control.reason()).isEqualTo(TimeoutReason.REQUEST_HEADERS);
    }

    @Test
    void aTimeoutPastTheRepresentableRangeWaitsUntilItsEnd() {
        // Deadlines reach about four years past the server's start: time enough for any timeout.
        control.start(TimeoutReason.KEEP_ALIVE, Long.MAX_VALUE / 2);
        advance(Duration.ofDays(4 * 365));
        assertThat(fired).isEmpty();
    }

    @Test
    void anUnregisteredControlIsNoLongerChecked() {
        control.start(TimeoutReason.KEEP_ALIVE, 10);
        control.unregister();
        assertThat(timeouts.registered()).isZero();
        advance(Duration.ofSeconds(1));
        assertThat(fired).isEmpty();
    }

    @Test
    void theHeartbeatNeverFiresNorClearsADeadlineArmedAfterTheOneItRead() throws Exception {
        // The connection arms a deadline that has passed, then at once a later one, while the
        // heartbeat checks without pause: whenever the heartbeat read the first, its update must
        // fail against the second, which stays armed and never fires.
        var stop = new AtomicBoolean();
        Thread heartbeat = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                timeouts.onHeartbeat(clock.get());
            }
        });
        try {
            for (int i = 0; i < 100_000; i++) {
                control.start(TimeoutReason.KEEP_ALIVE, -1);
                control.start(TimeoutReason.REQUEST_HEADERS, Duration.ofHours(1).toNanos());
                assertThat(control.reason()).isEqualTo(TimeoutReason.REQUEST_HEADERS);
            }
        } finally {
            stop.set(true);
            heartbeat.join();
        }
        assertThat(fired).doesNotContain(TimeoutReason.REQUEST_HEADERS);
    }
}
