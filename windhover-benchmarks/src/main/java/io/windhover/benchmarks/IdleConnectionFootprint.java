package io.windhover.benchmarks;

import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.ReadResult;
import io.windhover.server.Http1Limits;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.HttpProtocols;
import io.windhover.server.Scheduling;
import io.windhover.server.MonotonicClock;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.host.ConnectionHost;
import io.windhover.server.http2.Http2ConnectionDelegate;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.EndPoint;
import io.windhover.transport.nio.NioTransport;
import io.windhover.transport.nio.NioTransportOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an idle keep-alive connection costs the server: heap and resident memory per connection,
 * with N connections open that have each made one exchange and now wait.
 *
 * <p>The server (this process) runs the real stack: {@link NioTransport}, {@link ConnectionHost}
 * and a pipeline on a virtual thread per connection, parked in a pipe read — what an HTTP/1.1
 * connection between requests will be. The clients run in a second JVM so that their sockets do
 * not count. Heap is measured after full GCs, before and after the connections open; resident
 * memory is {@code VmRSS} from {@code /proc/self/status}, which includes the kernel-side socket
 * structures only partly (socket buffers live in kernel memory, outside RSS).
 *
 * <pre>
 * ulimit -n 65536
 * java -cp windhover-benchmarks/target/benchmarks.jar io.windhover.benchmarks.IdleConnectionFootprint 10000 [inline] [http|h2] [histogram]
 * </pre>
 *
 * <p>{@code http} serves HTTP/1.1 instead of an echo: each client sends one {@code GET} and reads
 * the answer, and the idle connection is a keep-alive connection between requests. {@code h2}
 * speaks HTTP/2 by prior knowledge: each client completes one stream, and the idle connection is
 * an HTTP/2 connection with no stream open, its frame loop parked in a read.
 */
public final class IdleConnectionFootprint {

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private IdleConnectionFootprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("client")) {
            runClients(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
            return;
        }
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<String> options = List.of(args).subList(Math.min(1, args.length), args.length);
        boolean inline = options.contains("inline");
        boolean h2 = options.contains("h2");
        boolean http = h2 || options.contains("http");
        Scheduling scheduling = inline ? Scheduling.INLINE : Scheduling.VIRTUAL_THREAD;
        var date = new DateHeader();
        var timeouts = new ConnectionTimeouts(MonotonicClock.system());
        var pool = BlockMemoryPool.create();
        var services = new ServiceContext(context -> context.response().body().write(OK), HttpLimits.defaults(),
                Http1Limits.defaults(), Http2Limits.defaults(), date, timeouts, scheduling, true);
        ConnectionDelegate pipeline = h2
                ? new HttpConnectionDelegate(services, HttpProtocols.HTTP1_AND_HTTP2, new Http2ConnectionDelegate(services, pool))
                : http ? new HttpConnectionDelegate(services)
                : inline ? InlineEcho::start : IdleConnectionFootprint::echoUntilClosed;
        try (pool;
                var transport = new NioTransport(pool, NioTransportOptions.builder().ioLoops(2).build()
                        .withVirtualThreadLoops(!inline)); // as WindhoverServer sets them
                var host = ConnectionHost.builder(transport).pool(pool)
                        // the HTTP engines return at once in either scheduling; the echo blocks on its thread
                        .scheduling(http ? Scheduling.INLINE : scheduling).onHeartbeat(date).onHeartbeat(timeouts)
                        .listen(EndPoint.loopback(0), pipeline)
                        .build()) {
            host.start();
            int port = ((EndPoint.Inet) host.endPoints().getFirst()).address().getPort();
            long heapBefore = ProcessMemory.settledHeap();
            long rssBefore = ProcessMemory.residentBytes();

            Process clients = new ProcessBuilder(javaCommand(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    IdleConnectionFootprint.class.getName(), "client", "127.0.0.1", Integer.toString(port), Integer.toString(count),
                    h2 ? "h2" : http ? "http" : "echo")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            var out = new BufferedReader(new InputStreamReader(clients.getInputStream()));
            String line = out.readLine();
            if (line == null || !line.startsWith("connected")) {
                throw new IllegalStateException("clients failed: " + line);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (host.statistics().openConnections() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long open = host.statistics().openConnections();
            long heapAfter = ProcessMemory.settledHeap();
            long rssAfter = ProcessMemory.residentBytes();
            long rented = pool.statistics().rentedBlocks();
            System.out.printf("protocol:                  %s%n", h2 ? "HTTP/2 cleartext (prior knowledge, idle after one stream)"
                    : http ? "HTTP/1.1 (keep-alive, between requests)" : "echo");
            System.out.printf("scheduling:                %s%n", inline ? "inline" : "virtual thread per connection");
            System.out.printf("open connections:          %d%n", open);
            System.out.printf("heap before / after:       %.1f MiB / %.1f MiB%n", heapBefore / 1048576.0, heapAfter / 1048576.0);
            System.out.printf("heap per idle connection:  %d bytes%n", (heapAfter - heapBefore) / Math.max(1, open));
            System.out.printf("RSS per idle connection:   %d bytes (RSS %.1f -> %.1f MiB)%n",
                    (rssAfter - rssBefore) / Math.max(1, open), rssBefore / 1048576.0, rssAfter / 1048576.0);
            System.out.printf("pool blocks rented (idle): %d%n", rented);
            if (options.contains("histogram")) {
                // Where the heap goes: the JDK's own class histogram of this process, top entries.
                new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                        .inheritIO().start().waitFor();
            }
            clients.getOutputStream().close(); // the clients close their sockets and exit
            clients.waitFor();
        }
    }

    /** Echoes until the peer closes: after the first exchange it sits parked in a read. */
    private static void echoUntilClosed(ConnectionContext connection) {
        try {
            while (true) {
                ReadResult result = connection.input().read();
                var buffer = result.buffer();
                connection.output().write(buffer.toArray());
                connection.input().advanceTo(buffer.end());
                connection.output().flush();
                if (result.isCompleted()) {
                    return;
                }
            }
        } catch (PipeException closed) {
            // the client went away
        }
    }

    /** The same echo without a thread: one step per readable callback, on the I/O loop. */
    private record InlineEcho(ConnectionContext connection) implements Runnable {
        static void start(ConnectionContext connection) {
            new InlineEcho(connection).run();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    ReadResult result = connection.input().tryRead();
                    if (result == null) {
                        if (connection.input().whenReadable(this)) {
                            return;
                        }
                        continue;
                    }
                    var buffer = result.buffer();
                    connection.output().write(buffer.toArray());
                    connection.input().advanceTo(buffer.end());
                    connection.output().tryFlush();
                    if (result.isCompleted()) {
                        break;
                    }
                }
            } catch (PipeException closed) {
                // the client went away
            }
            connection.input().complete();
            connection.output().complete();
        }
    }

    private static void runClients(String host, int port, int count, String mode) throws IOException {
        List<Socket> sockets = new ArrayList<>(count);
        byte[] request = "GET / HTTP/1.1\r\nHost: footprint\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            var socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 10_000);
            if (mode.equals("h2")) {
                http2Exchange(socket, i);
            } else if (mode.equals("http")) {
                socket.getOutputStream().write(request);
                var answer = new StringBuilder();
                while (!answer.toString().endsWith("\r\n\r\nok")) {
                    int b = socket.getInputStream().read();
                    if (b < 0) {
                        throw new IOException("connection " + i + " closed after: " + answer);
                    }
                    answer.append((char) b);
                }
            } else {
                socket.getOutputStream().write('x');
                if (socket.getInputStream().read() != 'x') {
                    throw new IOException("no echo on connection " + i);
                }
            }
            sockets.add(socket);
        }
        System.out.println("connected " + count);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the server to close stdin
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** HTTP/2 by prior knowledge: the preface, SETTINGS, one GET on stream 1, read up to its end. */
    private static void http2Exchange(Socket socket, int index) throws IOException {
        var out = socket.getOutputStream();
        var in = new java.io.DataInputStream(socket.getInputStream());
        byte[] authority = "footprint".getBytes(StandardCharsets.US_ASCII);
        // :method GET, :scheme http, :path / from the static table; :authority a literal never indexed.
        byte[] block = new byte[5 + authority.length];
        block[0] = (byte) 0x82;
        block[1] = (byte) 0x86;
        block[2] = (byte) 0x84;
        block[3] = 0x11;
        block[4] = (byte) authority.length;
        System.arraycopy(authority, 0, block, 5, authority.length);
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0, 0, 0, 0x4, 0, 0, 0, 0, 0}); // SETTINGS, empty
        out.write(new byte[] {0, 0, (byte) block.length, 0x1, 0x5, 0, 0, 0, 1}); // HEADERS, END_STREAM | END_HEADERS
        out.write(block);
        out.flush();
        while (true) {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt();
            in.readNBytes(length);
            if (type == 0x4 && (flags & 0x1) == 0) {
                out.write(new byte[] {0, 0, 0, 0x4, 0x1, 0, 0, 0, 0}); // SETTINGS ACK
                out.flush();
            }
            if (type == 0x7) {
                throw new IOException("connection " + index + ": GOAWAY");
            }
            if (stream == 1 && (type == 0x0 || type == 0x1) && (flags & 0x1) != 0) {
                return;
            }
        }
    }


    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
