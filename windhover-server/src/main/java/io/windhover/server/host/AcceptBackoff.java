package io.windhover.server.host;

import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an acceptor does when accepting fails for a reason other than the listener closing — most
 * often EMFILE, "Too many open files", which passes as soon as some connections close. Giving up
 * would leave the port bound and refusing service for good, so the acceptor waits and tries again,
 * {@link #FIRST_DELAY} at first, twice as long after each further failure, at most
 * {@link #MAX_DELAY}: long enough not to spin on a failure that lasts, short enough to be back soon
 * after it passes. Tomcat's acceptor does the same (50 ms doubling to 1.6 s).
 *
 * <p>A burst of failures is logged once when it starts and once when an accept works again, the
 * way {@link ConnectionLimiter} reports refusals: a failing accept repeats, its log line must not.
 *
 * <p>Not thread-safe; owned by one acceptor.
 */
final class AcceptBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptBackoff.class);
    static final Duration FIRST_DELAY = Duration.ofMillis(10);
    static final Duration MAX_DELAY = Duration.ofSeconds(1);

    private final EndPoint endPoint;
    private long failuresInBurst;
    private long nextDelayNanos = FIRST_DELAY.toNanos();

    AcceptBackoff(EndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** An accept failed: logs it if it starts a burst, and returns how long to wait before the next. */
    Duration onFailure(IOException failure) {
        if (failuresInBurst++ == 0) {
            LOG.error("accepting on {} failed: {}; retrying with a growing pause (at most {} ms),"
                    + " and further failures are counted until an accept works again", endPoint, failure.toString(), MAX_DELAY.toMillis());
        }
        long delay = nextDelayNanos;
        nextDelayNanos = Math.min(delay * 2, MAX_DELAY.toNanos());
        return Duration.ofNanos(delay);
    }

    /** An accept worked: ends the burst, if there was one. */
    void onSuccess() {
        if (failuresInBurst > 0) {
            LOG.warn("accepting on {} works again after {} failed accept(s)", endPoint, failuresInBurst);
            failuresInBurst = 0;
            nextDelayNanos = FIRST_DELAY.toNanos();
        }
    }
}
