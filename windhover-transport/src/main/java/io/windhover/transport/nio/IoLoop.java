package io.windhover.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread with its own selector (epoll on Linux): it runs the socket reads and writes of
 * the connections assigned to it, and tasks other threads hand it. Kestrel's {@code IOQueue} plus
 * the socket event loop.
 */
final class IoLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Set while a wakeup is owed, so a burst of tasks costs one selector wakeup, not one each. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean running = true;
    /**
     * Scratch for gathering writes, shared by the loop's connections (only the loop writes). 64
     * blocks of 4 KiB is the default output limit in one syscall. PERF: one array per loop, not per
     * connection, saves 272 heap bytes per idle connection (IdleConnectionFootprint).
     */
    private final ByteBuffer[] gather = new ByteBuffer[64];

    IoLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this);
    }

    void start() {
        thread.start();
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
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(this::dispatch);
                wakeupPending.set(false);
                runTasks();
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
