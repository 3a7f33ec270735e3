package io.windhover.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread with its own selector (epoll on Linux): it runs the socket reads and writes of
 * the connections assigned to it, and tasks other threads hand it. Kestrel's {@code IOQueue} plus
 * the socket event loop.
 *
 * <p>The thread is a platform thread, or a virtual one when the connections' own threads are
 * virtual ({@link NioTransportOptions#virtualThreadLoops()}): the hand-off from loop to connection
 * is then a carrier's queue instead of an OS context switch.
 */
final class IoLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /**
     * False only while the loop selects or is about to: the first task queued then wakes it, and a
     * burst costs one wakeup. While the loop is awake (dispatching, running tasks) it will run what
     * is queued before it selects again, so queueing costs no wakeup at all. PERF: under the default
     * scheduling every response is such a task; see {@link #run()}.
     */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private volatile boolean running = true;
    /**
     * Scratch for gathering writes, shared by the loop's connections (only the loop writes). 64
     * blocks of 4 KiB is the default output limit in one syscall. PERF: one array per loop, not per
     * connection, saves 272 heap bytes per idle connection (IdleConnectionFootprint).
     */
    private final ByteBuffer[] gather = new ByteBuffer[64];
    /** Where a lingering close throws away what the peer still sends. */
    private final ByteBuffer discard = ByteBuffer.allocateDirect(16 * 1024);
    /**
     * Closing connections with a deadline (lingering, or still sending to a peer that may have
     * stopped reading). Few at a time, so a list scanned after each select; empty on the hot path.
     */
    private final List<NioConnection> deadlines = new ArrayList<>();

    IoLoop(String name, boolean virtual) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        // PERF: virtual loops, plaintext on one core (docs/performance.md, 2026-12-07): 0.5
        // context switches per request fell to 0.03, and requests/s rose from 0.73x to 0.86x of inline.
        this.thread = virtual
                ? Thread.ofVirtual().name(name).unstarted(this)
                : Thread.ofPlatform().name(name).daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** The loop's discard buffer, cleared before it is handed out. */
    ByteBuffer discardBuffer() {
        return discard.clear();
    }

    /** On the loop: {@code connection}'s {@link NioConnection#deadline()} is watched until it passes or is dropped. */
    void watchDeadline(NioConnection connection) {
        if (!deadlines.contains(connection)) {
            deadlines.add(connection);
        }
    }

    /** On the loop: the connection no longer has a deadline. */
    void dropDeadline(NioConnection connection) {
        deadlines.remove(connection);
    }

    /** Milliseconds the selector may wait before the nearest deadline; 0 for no deadline (wait for events). */
    private long selectTimeout() {
        if (deadlines.isEmpty()) {
            return 0;
        }
        long nearest = Long.MAX_VALUE;
        long now = System.nanoTime();
        for (NioConnection connection : deadlines) {
            nearest = Math.min(nearest, connection.deadline() - now);
        }
        // At least a millisecond: 0 means "no timeout" to the selector.
        return Math.max(1, (nearest + 999_999) / 1_000_000);
    }

    private void expireDeadlines() {
        if (deadlines.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (NioConnection connection : List.copyOf(deadlines)) {
            if (now - connection.deadline() >= 0) {
                deadlines.remove(connection);
                connection.onDeadline();
            }
        }
    }

    /** The loop's gather array; callers on the loop clear what they stored before returning. */
    ByteBuffer[] gatherBuffers() {
        return gather;
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop: at once when called from it, else soon. */
    void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        if (awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                awake.set(false);
                // A task queued before the flag fell would not wake the selector: look, never wait.
                int ready = tasks.isEmpty()
                        ? selector.select(this::dispatch, selectTimeout())
                        : selector.selectNow(this::dispatch);
                awake.set(true);
                if (ready > 0 && thread.isVirtual()) {
                    // PERF: the connections this round woke run on the carrier before the loop goes
                    // on, so their answers are queued by the time it runs its tasks and are written
                    // in this round, instead of parking the loop in select for each to wake it.
                    // Plaintext on one core: +3 to +14 % in five alternating runs (docs/performance.md).
                    Thread.yield();
                }
                runTasks();
                expireDeadlines();
            }
        } catch (ClosedSelectorException e) {
            // stop() closed it
        } catch (IOException | RuntimeException e) {
            LOG.error("I/O loop {} failed; its connections are lost", thread.getName(), e);
        } finally {
            runTasks();
            abortRemaining();
        }
    }

    /** On the way out: connections still registered are cut, so their sockets and pipes are released. */
    private void abortRemaining() {
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof NioConnection connection) {
                    connection.abortOnShutdown();
                }
            }
        } catch (ClosedSelectorException e) {
            // nothing registered any more
        }
    }

    private void dispatch(SelectionKey key) {
        if (key.attachment() instanceof NioConnection connection) {
            connection.onReady(key);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("task on I/O loop {} failed", thread.getName(), e);
            }
        }
    }

    /** Stops the loop after its current round and closes the selector; waits for the thread. */
    void stop() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector of {} failed", thread.getName(), e);
        }
    }
}
