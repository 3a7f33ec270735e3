package io.windhover.transport.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The loop's task queue and its wakeups, on platform and virtual loops. */
class IoLoopTest {

    /**
     * Ping-pong between a thread and the loop: each task is queued only after the previous one ran,
     * so the loop is as often about to select as awake. One lost wakeup leaves a task queued
     * behind a select that waits for events that never come, and the test times out.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @Timeout(60)
    void everyTaskQueuedFromAnotherThreadRunsWhetherTheLoopIsAwakeOrSelecting(boolean virtual) throws Exception {
        var loop = new IoLoop("test-loop", virtual);
        loop.start();
        try {
            var ran = new AtomicInteger();
            for (int i = 0; i < 20_000; i++) {
                var done = new CompletableFuture<Boolean>();
                loop.execute(() -> done.complete(loop.inLoop()));
                assertThat(done.get(10, TimeUnit.SECONDS)).as("task %d ran on the loop", i).isTrue();
                ran.incrementAndGet();
            }
            // Bursts from several threads at once: each burst's tasks all run.
            var burst = new CompletableFuture<?>[4];
            var counted = new AtomicInteger();
            for (int t = 0; t < burst.length; t++) {
                burst[t] = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        loop.execute(counted::incrementAndGet);
                    }
                }, Thread::startVirtualThread);
            }
            CompletableFuture.allOf(burst).get(10, TimeUnit.SECONDS);
            var last = new CompletableFuture<Void>();
            loop.execute(() -> last.complete(null));
            last.get(10, TimeUnit.SECONDS);
            assertThat(counted).hasValue(4 * 5_000);
            assertThat(ran).hasValue(20_000);
        } finally {
            loop.stop();
        }
    }
}
