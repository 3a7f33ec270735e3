package io.windhover.server.host;

import java.util.concurrent.atomic.AtomicLong;
import io.windhover.server.HeartbeatHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open connections against {@link ServerLimits#maxConcurrentConnections()} and reports
 * refusals once per burst: a flood of refused connections must not become a flood of log lines.
 */
final class ConnectionLimiter implements HeartbeatHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final long max;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong refusedTotal = new AtomicLong();
    private final AtomicLong refusedInBurst = new AtomicLong();
    private volatile boolean refusedSinceLastTick;

    ConnectionLimiter(long max) {
        this.max = max;
    }

    /** Counts one more open connection, unless that would pass the limit. */
    boolean tryAcquire() {
        long current;
        do {
            current = open.get();
            if (current >= max) {
                return false;
            }
        } while (!open.compareAndSet(current, current + 1));
        return true;
    }

    void release() {
        open.decrementAndGet();
    }

    void onRefused(String connectionId) {
        refusedTotal.incrementAndGet();
        refusedSinceLastTick = true;
        if (refusedInBurst.getAndIncrement() == 0) {
            LOG.warn("connection {} refused: {} connections are open, the MaxConcurrentConnections limit;"
                    + " further refusals are counted and reported when the burst ends", connectionId, max);
        }
    }

    /** A burst ends with the first heartbeat interval without refusals. */
    @Override
    public void onHeartbeat(long nowNanos) {
        if (refusedSinceLastTick) {
            refusedSinceLastTick = false;
            return;
        }
        long burst = refusedInBurst.getAndSet(0);
        if (burst > 1) {
            LOG.warn("{} connections were refused in the burst that just ended (MaxConcurrentConnections {})", burst, max);
        }
    }

    long open() {
        return open.get();
    }

    long refusedTotal() {
        return refusedTotal.get();
    }
}
