package io.windhover.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says: timeouts pass when the test decides, not after a sleep. */
public final class ManualClock implements MonotonicClock {

    private final AtomicLong now = new AtomicLong();

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Moves the clock; the server's next heartbeat (within its interval) sees the new time. */
    public void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
