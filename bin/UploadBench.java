import io.windhover.web.MultipartReader;
import io.windhover.web.MultipartSection;
import io.windhover.web.WebApplication;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server half of bin/bench-upload: a web application with two endpoints that read an upload
 * and write it to a file, one from the raw body, one from a multipart part read as it arrives
 * (MultipartReader), and a sampler of the heap in use and the process's RSS while they run. Run by
 * the script with the todo sample's jar as its class path (it holds the web layer and all it needs).
 *
 *   java -cp samples/todo/target/todo.jar bin/UploadBench.java PORT FOLDER
 */
public class UploadBench {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path folder = Path.of(args[1]);
        var heapPeak = new AtomicLong();
        var rssPeak = new AtomicLong();
        var app = WebApplication.create("--urls", "http://127.0.0.1:" + port);
        app.post("/raw", context -> {
            context.request().maxBodySize(Long.MAX_VALUE);
            try (InputStream in = context.request().body(); OutputStream out = Files.newOutputStream(folder.resolve("raw.bin"))) {
                return "raw " + in.transferTo(out);
            }
        });
        app.post("/multipart", context -> {
            context.request().maxBodySize(Long.MAX_VALUE);
            context.formOptions(context.formOptions().toBuilder().bodyLengthLimit(Long.MAX_VALUE).build());
            MultipartReader parts = context.multipart();
            long bytes = 0;
            for (MultipartSection part; (part = parts.next()) != null; ) {
                try (InputStream in = part.body(); OutputStream out = Files.newOutputStream(folder.resolve("part.bin"))) {
                    bytes += in.transferTo(out);
                }
            }
            return "multipart " + bytes;
        });
        app.get("/peaks", context -> {
            String peaks = "heap " + heapPeak.get() / (1024 * 1024) + " MiB, rss " + rssPeak.get() / (1024 * 1024) + " MiB";
            heapPeak.set(0);
            rssPeak.set(0);
            return peaks;
        });
        Thread.ofPlatform().daemon().start(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                rssPeak.accumulateAndGet(rss(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        app.run();
    }

    /** VmRSS from /proc/self/status, in bytes. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
