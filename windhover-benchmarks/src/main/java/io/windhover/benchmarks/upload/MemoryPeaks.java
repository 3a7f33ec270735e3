package io.windhover.benchmarks.upload;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest heap in use and resident set size seen since the last report, sampled every
 * {@value #SAMPLE_MILLIS} ms by a daemon thread: what an upload held while it ran, which a single
 * reading after it would miss.
 */
public final class MemoryPeaks {

    /** 50 ms: a 1 GiB upload at loopback speed takes seconds, so a peak lasting one GC cycle is seen. */
    static final long SAMPLE_MILLIS = 50;

    private final AtomicLong heap = new AtomicLong();
    private final AtomicLong rss = new AtomicLong();

    private MemoryPeaks() {
    }

    /** Starts sampling until the JVM exits. */
    public static MemoryPeaks start() {
        var peaks = new MemoryPeaks();
        Thread.ofPlatform().daemon().name("memory-peaks").start(peaks::sample);
        return peaks;
    }

    private void sample() {
        var memory = ManagementFactory.getMemoryMXBean();
        while (true) {
            heap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            rss.accumulateAndGet(residentSetSize(), Math::max);
            try {
                Thread.sleep(SAMPLE_MILLIS); // a sampling period, not an ordering of events
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {@code heap N MiB, rss M MiB} since the last report, then starts afresh. */
    public String takeReport() {
        return "heap " + heap.getAndSet(0) / (1024 * 1024) + " MiB, rss " + rss.getAndSet(0) / (1024 * 1024) + " MiB";
    }

    /** VmRSS from /proc/self/status, in bytes; 0 where there is no such file (not Linux). */
    static long residentSetSize() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
