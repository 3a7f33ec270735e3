package io.windhover.benchmarks.upload;

import io.windhover.web.MultipartReader;
import io.windhover.web.MultipartSection;
import io.windhover.web.WebApplication;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server half of {@code bin/bench-upload}: a web application with two endpoints that read an
 * upload and write it to a file, one from the raw body, one from a multipart part read as it
 * arrives ({@link MultipartReader}), and {@code GET /peaks}, the heap in use and the process's RSS
 * at their highest since the last call ({@link MemoryPeaks}).
 *
 * <pre>
 * java -Xmx512m -cp windhover-benchmarks/target/benchmarks.jar io.windhover.benchmarks.upload.UploadBench PORT FOLDER
 * </pre>
 */
public final class UploadBench {

    private UploadBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: UploadBench PORT FOLDER");
            System.exit(2);
        }
        var peaks = MemoryPeaks.start();
        try (var app = create("http://127.0.0.1:" + Integer.parseInt(args[0]), Path.of(args[1]), peaks)) {
            app.run();
        }
    }

    /**
     * The application on {@code url}, writing uploads into {@code folder} ({@code raw.bin},
     * {@code part.bin}); not started. Both endpoints lift the body limits: the benchmark sends
     * 1 GiB.
     */
    public static WebApplication create(String url, Path folder, MemoryPeaks peaks) {
        var app = WebApplication.create("--urls", url);
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
        app.get("/peaks", context -> peaks.takeReport());
        return app;
    }
}
