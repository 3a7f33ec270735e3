package io.windhover.server.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * One connection's (or stream's) deadline: armed and disarmed by the thread serving it, checked by
 * the heartbeat's.
 *
 * <p>The armed reason, the deadline and the reason that fired live in one {@code long} changed by
 * compare-and-set, so the heartbeat fires exactly the deadline it read: if the connection re-arms
 * in between, the heartbeat's update fails and the new deadline stands. (Three volatile fields
 * could interleave: the heartbeat reads a keep-alive deadline, the connection arms the headers
 * timeout, the heartbeat records "keep-alive fired" and clears the new deadline.)
 *
 * <pre>
 *  63                                   6 5     3 2     0
 * +--------------------------------------+-------+-------+
 * | deadline, ns after the origin (58 b) | fired | armed |
 * +--------------------------------------+-------+-------+
 * </pre>
 *
 * 2^58 ns is about nine years past the server's start.
 */
public final class TimeoutControl {

    private static final VarHandle STATE;
    private static final int REASON_BITS = 3;
    private static final long REASON_MASK = (1 << REASON_BITS) - 1;
    private static final int DEADLINE_SHIFT = 2 * REASON_BITS;
    /** The latest deadline that fits: a longer timeout is as good as none. */
    private static final long MAX_OFFSET = Long.MAX_VALUE >>> DEADLINE_SHIFT;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TimeoutControl.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        if (TimeoutReason.values().length > 1 << REASON_BITS) {
            throw new AssertionError("a reason must fit in " + REASON_BITS + " bits");
        }
    }

    private final ConnectionTimeouts owner;
    private final Consumer<TimeoutReason> onTimeout;
    @SuppressWarnings("unused") // through STATE
    private volatile long state;

    TimeoutControl(ConnectionTimeouts owner, Consumer<TimeoutReason> onTimeout) {
        this.owner = owner;
        this.onTimeout = onTimeout;
    }

    /** The clock's time now. */
    public long now() {
        return owner.clock().nanoTime();
    }

    /** Arms the deadline {@code timeoutNanos} from now for {@code why}; forgets a fired reason not yet taken. */
    public void start(TimeoutReason why, long timeoutNanos) {
        startAt(why, now() + timeoutNanos);
    }

    /** Arms an absolute deadline, in the clock's time; forgets a fired reason not yet taken. */
    public void startAt(TimeoutReason why, long deadlineNanos) {
        long offset = Math.min(MAX_OFFSET, Math.max(0, deadlineNanos - owner.origin()));
        STATE.setVolatile(this, offset << DEADLINE_SHIFT | why.ordinal());
    }

    /** Disarms the deadline, keeping a fired reason. PERF: when none is armed (between pipelined requests), one volatile read. */
    public void cancel() {
        while (true) {
            long current = (long) STATE.getVolatile(this);
            if ((current & REASON_MASK) == 0
                    || STATE.compareAndSet(this, current, current & (REASON_MASK << REASON_BITS))) {
                return;
            }
        }
    }

    /** What is armed now, {@link TimeoutReason#NONE} when nothing is. */
    public TimeoutReason reason() {
        return TimeoutReason.of((int) ((long) STATE.getVolatile(this) & REASON_MASK));
    }

    /** Which deadline fired since the last call, if any; clears it. */
    public TimeoutReason takeFired() {
        while (true) {
            long current = (long) STATE.getVolatile(this);
            int fired = (int) (current >>> REASON_BITS & REASON_MASK);
            if (fired == 0) {
                return TimeoutReason.NONE;
            }
            if (STATE.compareAndSet(this, current, current & ~(REASON_MASK << REASON_BITS))) {
                return TimeoutReason.of(fired);
            }
        }
    }

    /** The heartbeat's check: fires the armed deadline if it has passed and nobody re-armed meanwhile. */
    void check(long nowNanos) {
        long current = (long) STATE.getVolatile(this);
        int armed = (int) (current & REASON_MASK);
        if (armed == 0 || nowNanos - owner.origin() < current >>> DEADLINE_SHIFT) {
            return;
        }
        if (STATE.compareAndSet(this, current, (long) armed << REASON_BITS)) {
            onTimeout.accept(TimeoutReason.of(armed));
        }
    }

    /** Stops the heartbeat checking this control; the connection or stream is over. */
    public void unregister() {
        owner.unregister(this);
    }
}
