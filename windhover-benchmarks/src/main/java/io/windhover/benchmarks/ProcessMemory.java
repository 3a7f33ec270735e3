package io.windhover.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's memory as the footprint tools read it: heap after full collections, and resident set size. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Heap in use after three full GCs a moment apart, so that what is left is what is reachable. */
    static long settledHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200); // lets reference processing and cleaners run between collections
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** {@code VmRSS} from {@code /proc/self/status}, in bytes; -1 where there is none. */
    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
