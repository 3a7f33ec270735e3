package io.windhover.benchmarks.abuse;

import io.windhover.server.Scheduling;
import io.windhover.server.ServerLimits;
import io.windhover.server.WindhoverServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow and abusive clients of the hardening issue, against a server with the default limits,
 * while a well-behaved client measures what it gets meanwhile — a load run, not a test. Server and
 * clients share this process (the server's pool and heap are read directly); everything is on
 * loopback and every phase is bounded in time.
 *
 * <ul>
 *   <li><b>slowloris</b>: N connections each send a request head one byte every few seconds; the
 *       request-headers timeout (30 s) must cut every one with 408.
 *   <li><b>slow readers</b>: N connections ask for 64 MiB and take a byte a second; the minimum response data
 *       rate (240 B/s after 5 s) must cut them, with the server's memory bounded meanwhile.
 *   <li><b>flood</b>: N connections at once against {@code maxConcurrentConnections}; those over it
 *       are closed at once.
 * </ul>
 *
 * <pre>
 * java -cp windhover-benchmarks/target/benchmarks.jar io.windhover.benchmarks.abuse.AbusiveClients \
 *     [slowloris=2000] [interval=3] [readers=200] [flood=3000] [limit=1000] [scheduling=VIRTUAL_THREAD]
 * </pre>
 */
public final class AbusiveClients {

    private static final byte[] HEAD = "GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNK = new byte[64 * 1024];

    private AbusiveClients() {
    }

    public static void main(String[] args) throws Exception {
        int slowloris = intArg(args, "slowloris", 2000);
        int interval = intArg(args, "interval", 3);
        int readers = intArg(args, "readers", 200);
        int flood = intArg(args, "flood", 3000);
        int limit = intArg(args, "limit", 1000);
        Scheduling scheduling = Scheduling.valueOf(stringArg(args, "scheduling", "VIRTUAL_THREAD"));
        if (slowloris > 0) {
            try (var server = start(scheduling, ServerLimits.UNLIMITED)) {
                slowloris(server, port(server), slowloris, interval);
            }
        }
        if (readers > 0) {
            try (var server = start(scheduling, ServerLimits.UNLIMITED)) {
                slowReaders(server, port(server), readers);
            }
        }
        if (flood > 0) {
            try (var server = start(scheduling, limit + 1)) { // the limit, plus the well-behaved client
                flood(server, port(server), flood, limit);
            }
        }
    }

    /** A server with the default HTTP/1.1 limits and {@code maxConnections}. */
    private static WindhoverServer start(Scheduling scheduling, long maxConnections) throws IOException {
        var server = WindhoverServer.builder().scheduling(scheduling).urls("http://127.0.0.1:0")
                .limits(ServerLimits.builder().maxConcurrentConnections(maxConnections).build())
                .application(context -> {
                    if (context.request().path().equals("/big")) {
                        for (int i = 0; i < 1024; i++) {
                            context.response().body().write(CHUNK); // 64 MiB
                        }
                    } else {
                        context.response().body().write("ok".getBytes(StandardCharsets.US_ASCII));
                    }
                })
                .build();
        server.start();
        System.out.printf("server: %s, %s, default HTTP/1.1 limits, %s connections at most%n", server.listeningUrls().getFirst(),
                scheduling, maxConnections == ServerLimits.UNLIMITED ? "no limit of" : Long.toString(maxConnections));
        return server;
    }

    private static int port(WindhoverServer server) {
        String url = server.listeningUrls().getFirst();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    private static void slowloris(WindhoverServer server, int port, int count, int intervalSeconds) throws Exception {
        var cutAfterMillis = new ConcurrentLinkedQueue<Long>();
        var answered408 = new AtomicInteger();
        var refused = new AtomicInteger();
        var done = new CountDownLatch(count);
        try (var probe = new Probe(port); var peak = new Peak(server)) {
            for (int i = 0; i < count; i++) {
                Thread.ofVirtual().start(() -> {
                    long started = System.nanoTime();
                    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        socket.setSoTimeout(intervalSeconds * 1000);
                        OutputStream out = socket.getOutputStream();
                        InputStream in = socket.getInputStream();
                        for (int sent = 0; ; sent++) {
                            out.write(sent < HEAD.length ? HEAD[sent] : 'a');
                            out.flush();
                            try {
                                byte[] answer = in.readNBytes(12);
                                if (new String(answer, StandardCharsets.US_ASCII).equals("HTTP/1.1 408")) {
                                    answered408.incrementAndGet();
                                }
                                cutAfterMillis.add((System.nanoTime() - started) / 1_000_000);
                                return;
                            } catch (java.net.SocketTimeoutException stillOpen) {
                                // the server waits for the rest of the head: send the next byte
                            }
                        }
                    } catch (IOException e) {
                        refused.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                });
            }
            boolean all = done.await(120, java.util.concurrent.TimeUnit.SECONDS);
            List<Long> cuts = sorted(cutAfterMillis);
            System.out.printf("slowloris: %d connections, a byte every %d s: %d answered 408 and closed%s; cut after p50 %d ms, max %d ms; %d failed otherwise%n",
                    count, intervalSeconds, answered408.get(), all ? "" : " (NOT ALL within 120 s)", percentile(cuts, 50),
                    percentile(cuts, 100), refused.get());
            probe.report("  meanwhile a normal client");
            peak.report("  server");
        }
    }

    private static void slowReaders(WindhoverServer server, int port, int count) throws Exception {
        var cutAfterMillis = new ConcurrentLinkedQueue<Long>();
        var received = new AtomicLong();
        var done = new CountDownLatch(count);
        try (var probe = new Probe(port); var peak = new Peak(server)) {
            for (int i = 0; i < count; i++) {
                Thread.ofVirtual().start(() -> {
                    long started = System.nanoTime();
                    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        socket.setReceiveBufferSize(4096);
                        socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        InputStream in = socket.getInputStream();
                        // Takes a byte a second, far below the minimum rate, until the server gives up on it
                        // (a reset fails the read even with bytes still buffered). The rate is Kestrel's: each
                        // flush may wait its size at 240 B/s, so a stalled 64 KiB flush is cut after ~273 s.
                        for (int second = 0; second < 330 && in.read() >= 0; second++) {
                            received.incrementAndGet();
                            Thread.sleep(1_000);
                        }
                    } catch (IOException | InterruptedException e) {
                        // a reset: the server aborted the response
                    } finally {
                        cutAfterMillis.add((System.nanoTime() - started) / 1_000_000);
                        done.countDown();
                    }
                });
            }
            boolean all = done.await(360, java.util.concurrent.TimeUnit.SECONDS);
            List<Long> cuts = sorted(cutAfterMillis);
            System.out.printf("slow readers: %d connections asking for 64 MiB, taking a byte a second: all ended%s after p50 %d ms, max %d ms; %d bytes taken in all%n",
                    count, all ? "" : " (NOT ALL within 360 s)", percentile(cuts, 50), percentile(cuts, 100), received.get());
            probe.report("  meanwhile a normal client");
            peak.report("  server");
        }
    }

    private static void flood(WindhoverServer server, int port, int count, int limit) throws Exception {
        long refusedBefore = server.statistics().refusedConnections();
        List<Socket> held = new ArrayList<>();
        try (var probe = new Probe(port); var peak = new Peak(server)) {
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                try {
                    held.add(new Socket(InetAddress.getLoopbackAddress(), port));
                } catch (IOException e) {
                    break; // the backlog is full: that is refusing too
                }
            }
            long opened = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(2_000);
            System.out.printf("flood: %d connections opened in %d ms against a limit of %d (+1 for the well-behaved client): %d refused by the server%n",
                    held.size(), opened, limit, server.statistics().refusedConnections() - refusedBefore);
            probe.report("  meanwhile a normal client");
            peak.report("  server");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** A well-behaved keep-alive client: one request every 20 ms, its latencies recorded. */
    private static final class Probe implements AutoCloseable {
        private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Probe(int port) {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    try (var socket = new Socket()) {
                        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                        socket.setSoTimeout(10_000);
                        var out = socket.getOutputStream();
                        var in = socket.getInputStream();
                        while (running.get()) {
                            long started = System.nanoTime();
                            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            byte[] head = readHead(in);
                            if (head == null) {
                                failures.incrementAndGet();
                                break;
                            }
                            in.readNBytes(2); // "ok"
                            micros.add((System.nanoTime() - started) / 1_000);
                            Thread.sleep(20);
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        private static byte[] readHead(InputStream in) throws IOException {
            var head = new java.io.ByteArrayOutputStream();
            int matched = 0;
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    return head.toByteArray();
                }
            }
            return null;
        }

        void report(String label) {
            List<Long> sorted = sorted(micros);
            System.out.printf("%s: %d requests, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d failures%n", label, sorted.size(),
                    percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0, percentile(sorted, 100) / 1000.0,
                    failures.get());
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(15_000);
        }
    }

    /** The most pool memory and open connections the server had during a phase, sampled every 50 ms. */
    private static final class Peak implements AutoCloseable {
        private final AtomicLong blocks = new AtomicLong();
        private final AtomicLong connections = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final WindhoverServer server;
        private final Thread thread;

        Peak(WindhoverServer server) {
            this.server = server;
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    blocks.accumulateAndGet(server.memoryStatistics().rentedBlocks(), Math::max);
                    connections.accumulateAndGet(server.statistics().openConnections(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void report(String label) throws IOException {
            var pool = server.memoryStatistics();
            System.out.printf("%s: peak %d open connections, peak %d pool blocks (%.1f MiB) rented, %d rented now, RSS %s%n", label,
                    connections.get(), blocks.get(), blocks.get() * pool.blockSize() / 1048576.0, pool.rentedBlocks(), rss());
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private static String rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return line.substring(6).strip();
            }
        }
        return "?";
    }

    private static List<Long> sorted(java.util.Collection<Long> values) {
        List<Long> list;
        synchronized (values) {
            list = new ArrayList<>(values);
        }
        Collections.sort(list);
        return list;
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
