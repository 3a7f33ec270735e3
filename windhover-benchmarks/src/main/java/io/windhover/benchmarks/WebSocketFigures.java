package io.windhover.benchmarks;

import io.windhover.web.WebApplication;
import io.windhover.web.WebSocketEndpointOptions;
import io.windhover.websockets.WebSocket;
import io.windhover.websockets.WebSocketMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The WebSocket figures of docs/performance.md, server in this JVM (the web layer's
 * {@code app.webSocket}, default scheduling: a virtual thread per socket), clients in a second JVM
 * speaking raw frames over blocking sockets so that their cost is not the server's.
 *
 * <pre>
 * ulimit -n 65536
 * java -cp windhover-benchmarks/target/benchmarks.jar io.windhover.benchmarks.WebSocketFigures idle 10000 [warm] [histogram]
 * java -cp ... WebSocketFigures echo 16 20        # 16 connections, 20 s of 1 KiB round trips
 * java -cp ... WebSocketFigures broadcast 10000   # one message to 10,000 subscribers
 * </pre>
 *
 * <ul>
 *   <li>{@code idle N [warm]}: N sockets that each echoed one message and now wait in a receive;
 *       heap after full GCs before and after, per socket, and RSS. {@code warm}: 50,000 echoes on
 *       50 connections first, so the parked sockets sit in compiled frames.
 *   <li>{@code echo C S}: C connections each sending a 1 KiB binary message and waiting for its
 *       echo, for S seconds; round trips per second, and per core of the server's CPU time.
 *   <li>{@code broadcast N}: N subscribers; one thread sends one 64-byte message to each in turn;
 *       the time from the first send to the last arrival (both JVMs read the same monotonic clock,
 *       CLOCK_MONOTONIC on Linux).
 * </ul>
 */
public final class WebSocketFigures {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private WebSocketFigures() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("client")) {
            Client.run(args);
            return;
        }
        switch (args[0]) {
            case "idle" -> idle(Integer.parseInt(args[1]), List.of(args).contains("warm") ? 50_000 : 0, List.of(args).contains("histogram"));
            case "echo" -> echo(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "broadcast" -> broadcast(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("idle N | echo CONNECTIONS SECONDS | broadcast N");
        }
    }

    private static WebApplication echoServer(List<WebSocket> subscribers) throws IOException {
        var app = WebApplication.create("--urls", "http://127.0.0.1:0");
        app.webSocket("/", WebSocketEndpointOptions.defaults(), socket -> {
            if (subscribers != null) {
                subscribers.add(socket);
            }
            for (WebSocketMessage message; (message = socket.receive()) != null; ) {
                socket.send(message);
            }
        });
        app.start();
        return app;
    }

    private static int port(WebApplication app) {
        String url = app.listeningUrls().getFirst();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    private static void idle(int count, int warmUp, boolean histogram) throws Exception {
        try (var app = echoServer(null)) {
            long heapBefore = ProcessMemory.settledHeap();
            long rssBefore = ProcessMemory.residentBytes();
            Process clients = startClients("idle", port(app), count, warmUp);
            var out = new BufferedReader(new InputStreamReader(clients.getInputStream()));
            String line = out.readLine();
            if (line == null || !line.startsWith("connected")) {
                throw new IllegalStateException("clients failed: " + line);
            }
            long heapAfter = ProcessMemory.settledHeap();
            long rssAfter = ProcessMemory.residentBytes();
            System.out.printf("idle WebSockets:              %d%n", count);
            System.out.printf("heap before / after:          %.1f MiB / %.1f MiB%n", heapBefore / 1048576.0, heapAfter / 1048576.0);
            System.out.printf("heap per idle WebSocket:      %d bytes%n", (heapAfter - heapBefore) / count);
            System.out.printf("RSS per idle WebSocket:       %d bytes%n", (rssAfter - rssBefore) / count);
            if (histogram) {
                // Where the heap goes: the JDK's class histogram of this process.
                new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").inheritIO().start().waitFor();
            }
            clients.getOutputStream().close();
            clients.waitFor();
        }
    }

    private static void echo(int connections, int seconds) throws Exception {
        try (var app = echoServer(null)) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            Process clients = startClients("echo", port(app), connections, seconds);
            var out = new BufferedReader(new InputStreamReader(clients.getInputStream()));
            String started = out.readLine(); // "measuring": warm-up done
            long cpuBefore = os.getProcessCpuTime();
            String result = out.readLine();
            long cpuUsed = os.getProcessCpuTime() - cpuBefore;
            clients.waitFor();
            if (started == null || result == null) {
                throw new IllegalStateException("clients failed");
            }
            long roundTrips = Long.parseLong(result.split(" ")[1]);
            System.out.printf("connections:                  %d, 1 KiB binary messages, %d s%n", connections, seconds);
            System.out.printf("round trips per second:       %,d%n", roundTrips / seconds);
            System.out.printf("server CPU used:              %.2f cores%n", cpuUsed / 1e9 / seconds);
            System.out.printf("round trips per server core:  %,d per second%n", (long) (roundTrips / (cpuUsed / 1e9)));
        }
    }

    private static void broadcast(int count) throws Exception {
        List<WebSocket> subscribers = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var app = echoServer(subscribers)) {
            Process clients = startClients("broadcast", port(app), count, 0);
            var out = new BufferedReader(new InputStreamReader(clients.getInputStream()));
            String line = out.readLine();
            if (line == null || !line.startsWith("connected")) {
                throw new IllegalStateException("clients failed: " + line);
            }
            while (subscribers.size() < count) {
                Thread.sleep(10);
            }
            byte[] message = new byte[64];
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (WebSocket socket : subscribers.toArray(WebSocket[]::new)) {
                    socket.send(message);
                }
                long sent = System.nanoTime();
                long lastArrival = Long.parseLong(out.readLine().split(" ")[1]);
                System.out.printf("round %d: %d subscribers, all sent in %.1f ms, last delivery after %.1f ms%n",
                        round, count, (sent - start) / 1e6, (lastArrival - start) / 1e6);
            }
            clients.getOutputStream().close();
            clients.waitFor();
        }
    }

    private static Process startClients(String mode, int port, int count, int seconds) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), WebSocketFigures.class.getName(), "client", mode,
                Integer.toString(port), Integer.toString(count), Integer.toString(seconds))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }


    /** The second JVM: raw WebSocket clients over blocking sockets, masked frames written by hand. */
    private static final class Client {

        static void run(String[] args) throws Exception {
            String mode = args[1];
            int port = Integer.parseInt(args[2]);
            int count = Integer.parseInt(args[3]);
            int seconds = Integer.parseInt(args[4]);
            switch (mode) {
                case "idle" -> idle(port, count, seconds);
                case "echo" -> echo(port, count, seconds);
                default -> broadcast(port, count);
            }
        }

        static Socket open(int port) throws IOException {
            var socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: figures\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) { // to the end of the 101's head
                int b = in.read();
                if (b < 0) {
                    throw new IOException("handshake refused");
                }
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return socket;
        }

        /** A masked binary frame of {@code length} zero bytes (the mask key is zero: the payload stays as it is). */
        static byte[] frame(int length) {
            int header = length <= 125 ? 6 : 8;
            byte[] frame = new byte[header + length];
            frame[0] = (byte) 0x82;
            if (length <= 125) {
                frame[1] = (byte) (0x80 | length);
            } else {
                frame[1] = (byte) (0x80 | 126);
                frame[2] = (byte) (length >>> 8);
                frame[3] = (byte) length;
            }
            return frame;
        }

        /** Reads one unmasked server frame's bytes: its 2 or 4 header bytes and the payload. */
        static void readFrame(InputStream in, byte[] scratch) throws IOException {
            in.readNBytes(scratch, 0, 2);
            int length = scratch[1] & 0x7F;
            if (length == 126) {
                in.readNBytes(scratch, 0, 2);
                length = ((scratch[0] & 0xFF) << 8) | (scratch[1] & 0xFF);
            }
            if (in.readNBytes(scratch, 0, length) != length) {
                throw new IOException("connection closed");
            }
        }

        static void idle(int port, int count, int warmUp) throws IOException {
            List<Socket> sockets = new ArrayList<>(count);
            byte[] scratch = new byte[2048];
            // A server that has served before: its receive path compiled, as the JIT leaves it after
            // traffic. A thread parked in interpreted frames keeps a larger stack than one parked in
            // compiled frames, for as long as it stays parked.
            for (int i = 0; i < warmUp; i += 1000) {
                try (Socket socket = open(port)) {
                    for (int j = 0; j < 1000; j++) {
                        socket.getOutputStream().write(frame(1));
                        readFrame(socket.getInputStream(), scratch);
                    }
                }
            }
            for (int i = 0; i < count; i++) {
                Socket socket = open(port);
                socket.getOutputStream().write(frame(1));
                readFrame(socket.getInputStream(), scratch);
                sockets.add(socket);
            }
            System.out.println("connected " + count);
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the server is done measuring
            }
            for (Socket socket : sockets) {
                socket.close();
            }
        }

        static void echo(int port, int connections, int seconds) throws Exception {
            AtomicLong roundTrips = new AtomicLong();
            long warmUpEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long end = warmUpEnd + Duration.ofSeconds(seconds).toNanos();
            var done = new CountDownLatch(connections);
            byte[] message = frame(1024);
            for (int c = 0; c < connections; c++) {
                Thread.ofPlatform().daemon().start(() -> {
                    try (Socket socket = open(port)) {
                        OutputStream out = socket.getOutputStream();
                        InputStream in = socket.getInputStream();
                        byte[] scratch = new byte[2048];
                        long now;
                        while ((now = System.nanoTime()) < end) {
                            out.write(message);
                            readFrame(in, scratch);
                            if (now >= warmUpEnd) {
                                roundTrips.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        e.printStackTrace();
                    } finally {
                        done.countDown();
                    }
                });
            }
            Thread.sleep(Math.max(0, (warmUpEnd - System.nanoTime()) / 1_000_000));
            System.out.println("measuring");
            System.out.flush();
            done.await();
            System.out.println("roundtrips " + roundTrips.get());
            System.out.flush();
        }

        static void broadcast(int port, int count) throws Exception {
            List<Socket> sockets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sockets.add(open(port));
            }
            var last = new LongAccumulator(Math::max, 0);
            int rounds = 5;
            var roundDone = new java.util.concurrent.Phaser(count + 1);
            for (Socket socket : sockets) {
                Thread.ofVirtual().start(() -> {
                    byte[] scratch = new byte[256];
                    try {
                        for (int round = 0; round < rounds; round++) {
                            readFrame(socket.getInputStream(), scratch);
                            last.accumulate(System.nanoTime());
                            roundDone.arriveAndAwaitAdvance();
                        }
                    } catch (IOException e) {
                        e.printStackTrace();
                    }
                });
            }
            System.out.println("connected " + count);
            System.out.flush();
            for (int round = 0; round < rounds; round++) {
                roundDone.arriveAndAwaitAdvance();
                System.out.println("last " + last.getThenReset());
                System.out.flush();
            }
            while (System.in.read() >= 0) {
                // until the server is done
            }
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
