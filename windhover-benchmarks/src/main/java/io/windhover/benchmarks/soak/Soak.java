package io.windhover.benchmarks.soak;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.server.Scheduling;
import io.windhover.server.WindhoverServer;
import io.windhover.transport.nio.NioTransport;
import io.windhover.transport.nio.NioTransportOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * The soak: a server on the diagnostic memory pool under a mix of well-behaved and abusive clients
 * for a bounded time (default 10 minutes), reporting requests served, errors and RSS every 30 s,
 * and at the end the pool blocks still rented — which must be 0.
 *
 * <p>The mix: keep-alive plaintext clients, pipelined batches of 16, chunked uploads of 1 MiB whose
 * checksum the server answers, connections reset in the middle of a request or of a response, and
 * slowloris connections that the request-headers timeout cuts. An error is a well-behaved client
 * getting anything but the right answer.
 *
 * <pre>
 * java -cp windhover-benchmarks/target/benchmarks.jar io.windhover.benchmarks.soak.Soak [minutes=10] [scheduling=VIRTUAL_THREAD]
 * </pre>
 */
public final class Soak {

    private static final byte[] BIG = new byte[256 * 1024];
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong plaintext = new AtomicLong();
    private final AtomicLong pipelined = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong slowCut = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> firstErrors = new ArrayList<>();
    private final int port;

    private Soak(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(arg(args, "minutes", "10"));
        Scheduling scheduling = Scheduling.valueOf(arg(args, "scheduling", "VIRTUAL_THREAD"));
        var pool = new DiagnosticMemoryPool();
        var transport = new NioTransport(pool, NioTransportOptions.defaults());
        var server = WindhoverServer.builder().scheduling(scheduling).urls("http://127.0.0.1:0").transport(transport)
                .shutdownTimeout(Duration.ofSeconds(5))
                .application(context -> {
                    var request = context.request();
                    switch (request.path()) {
                        case "/upload" -> {
                            var checksum = new CRC32();
                            byte[] chunk = new byte[16 * 1024];
                            for (int n; (n = request.body().read(chunk)) >= 0; ) {
                                checksum.update(chunk, 0, n);
                            }
                            context.response().body().write(Long.toString(checksum.getValue()).getBytes(StandardCharsets.US_ASCII));
                        }
                        case "/big" -> {
                            for (int i = 0; i < 16; i++) {
                                context.response().body().write(BIG); // 4 MiB
                            }
                        }
                        default -> context.response().body().write("Hello, World!".getBytes(StandardCharsets.US_ASCII));
                    }
                })
                .build();
        server.start();
        String url = server.listeningUrls().getFirst();
        var soak = new Soak(Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)));
        System.out.printf("soak: %s for %.1f min, %s, diagnostic pool%n", url, minutes, scheduling);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofVirtual().start(soak::plaintextClient));
        }
        for (int i = 0; i < 2; i++) {
            clients.add(Thread.ofVirtual().start(soak::pipelinedClient));
            clients.add(Thread.ofVirtual().start(soak::uploadClient));
        }
        clients.add(Thread.ofVirtual().start(soak::resettingClient));
        for (int i = 0; i < 20; i++) {
            clients.add(Thread.ofVirtual().start(soak::slowClient));
        }
        long end = System.nanoTime() + (long) (minutes * 60e9);
        long started = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(30_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            soak.report((System.nanoTime() - started) / 1_000_000_000, pool);
        }
        soak.running.set(false);
        for (Thread client : clients) {
            client.join(60_000);
        }
        server.close();
        transport.close();
        System.out.printf("end: %d requests served, %d errors%s; pool blocks still rented after the stop: %d%n",
                soak.plaintext.get() + soak.pipelined.get() + soak.uploads.get(), soak.errors.get(),
                soak.firstErrors.isEmpty() ? "" : " (first: " + soak.firstErrors + ")", pool.rentedBlocks());
        pool.assertNoLeaks();
        pool.close();
    }

    private void report(long seconds, DiagnosticMemoryPool pool) throws IOException {
        System.out.printf("%4d s: plaintext %d, pipelined %d, uploads %d, resets %d, slow cut %d, errors %d; rented %d blocks; RSS %s%n",
                seconds, plaintext.get(), pipelined.get(), uploads.get(), resets.get(), slowCut.get(), errors.get(),
                pool.rentedBlocks(), rss());
    }

    private void error(String what) {
        errors.incrementAndGet();
        synchronized (firstErrors) {
            if (firstErrors.size() < 5) {
                firstErrors.add(what);
            }
        }
    }

    private Socket connect() throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private void plaintextClient() {
        while (running.get()) {
            try (var socket = connect()) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                for (int i = 0; i < 1_000 && running.get(); i++) {
                    out.write("GET /plaintext HTTP/1.1\r\nHost: soak\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    expect(in, "Hello, World!", "plaintext");
                    plaintext.incrementAndGet();
                }
            } catch (IOException e) {
                error("plaintext: " + e);
            }
        }
    }

    private void pipelinedClient() {
        byte[] batch = "GET /plaintext HTTP/1.1\r\nHost: soak\r\n\r\n".repeat(16).getBytes(StandardCharsets.US_ASCII);
        while (running.get()) {
            try (var socket = connect()) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                for (int i = 0; i < 200 && running.get(); i++) {
                    out.write(batch);
                    for (int r = 0; r < 16; r++) {
                        expect(in, "Hello, World!", "pipelined");
                    }
                    pipelined.addAndGet(16);
                }
            } catch (IOException e) {
                error("pipelined: " + e);
            }
        }
    }

    private void uploadClient() {
        var random = new Random();
        byte[] chunk = new byte[8 * 1024];
        while (running.get()) {
            try (var socket = connect()) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                for (int i = 0; i < 20 && running.get(); i++) {
                    out.write("POST /upload HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    var checksum = new CRC32();
                    for (int c = 0; c < 128; c++) { // 1 MiB in 8 KiB chunks
                        random.nextBytes(chunk);
                        checksum.update(chunk);
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    expect(in, Long.toString(checksum.getValue()), "upload");
                    uploads.incrementAndGet();
                }
            } catch (IOException e) {
                error("upload: " + e);
            }
        }
    }

    /** Resets in the middle of a request head, of an upload, and of a 4 MiB response, in turn. */
    private void resettingClient() {
        for (int round = 0; running.get(); round++) {
            try (var socket = connect()) {
                socket.setSoLinger(true, 0); // close() sends RST
                OutputStream out = socket.getOutputStream();
                switch (round % 3) {
                    case 0 -> out.write("GET /plaintext HTTP/1.1\r\nHost: so".getBytes(StandardCharsets.US_ASCII));
                    case 1 -> out.write("POST /upload HTTP/1.1\r\nHost: soak\r\nContent-Length: 100000\r\n\r\npartial"
                            .getBytes(StandardCharsets.US_ASCII));
                    default -> {
                        out.write("GET /big HTTP/1.1\r\nHost: soak\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        socket.getInputStream().readNBytes(100_000);
                    }
                }
                resets.incrementAndGet();
                Thread.sleep(20);
            } catch (IOException e) {
                error("resetting client: " + e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A head a byte every 2 s: the 30 s request-headers timeout must answer 408. */
    private void slowClient() {
        byte[] head = "GET /plaintext HTTP/1.1\r\nHost: soak\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        while (running.get()) {
            try (var socket = connect()) {
                socket.setSoTimeout(2_000);
                for (int sent = 0; running.get(); sent++) {
                    socket.getOutputStream().write(sent < head.length ? head[sent] : 'a');
                    try {
                        byte[] answer = socket.getInputStream().readNBytes(12);
                        if (new String(answer, StandardCharsets.US_ASCII).equals("HTTP/1.1 408")) {
                            slowCut.incrementAndGet();
                        } else {
                            error("slow client got '" + new String(answer, StandardCharsets.US_ASCII) + "'");
                        }
                        break;
                    } catch (java.net.SocketTimeoutException stillWaiting) {
                        // the next byte
                    }
                }
            } catch (IOException e) {
                if (running.get()) {
                    error("slow client: " + e);
                }
            }
        }
    }

    /** Reads one response framed by Content-Length; an IOException if it is not a 200 with {@code body}. */
    private void expect(InputStream in, String body, String what) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(what + ": closed in a response head");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        var length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(text);
        if (!text.startsWith("HTTP/1.1 200 ") || !length.find()) {
            throw new IOException("unexpected response " + text.lines().findFirst().orElse(""));
        }
        String got = new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.ISO_8859_1);
        if (!got.equals(body)) {
            throw new IOException("unexpected body '" + got + "'");
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

    private static String arg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
