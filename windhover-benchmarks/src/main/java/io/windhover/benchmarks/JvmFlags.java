package io.windhover.benchmarks;

/**
 * The JVM flags every benchmark's forked JVM gets, Windhover's side and the baselines' alike, so
 * that no side is measured under settings the other does not have.
 *
 * <ul>
 *   <li>{@link #UNSAFE_MEMORY_ACCESS}: Netty still reaches for {@code sun.misc.Unsafe}, whose memory
 *       access methods Java 24+ warns about (JEP 498) and a later release will deny.
 *   <li>{@link #NATIVE_ACCESS}: lets code on the classpath use restricted foreign-memory and JNI
 *       methods without a warning.
 *   <li>{@link #NETTY_NO_LEAK_DETECTION}: Netty samples allocations for leak detection by default;
 *       Windhover's production pool does no such tracking, so neither side pays for it.
 * </ul>
 *
 * <p>Annotation values must be compile-time constants, so these are separate strings rather than
 * one array; each benchmark class lists all three in {@code @Fork(jvmArgsAppend = ...)}, with
 * {@code jvmArgs = {}} so that a fork does not also inherit the launching JVM's own flags (JMH's
 * default): the forks run with exactly these flags however JMH was started. JMH's command-line
 * {@code -jvmArgs}/{@code -jvmArgsAppend} still override or extend them.
 */
final class JvmFlags {

    static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String NETTY_NO_LEAK_DETECTION = "-Dio.netty.leakDetection.level=disabled";

    private JvmFlags() {
    }
}
