package io.windhover.web.middleware;

import io.windhover.web.WebApplication;

/**
 * The child process of {@link BrotliMissingTest}: an application with {@link ResponseCompression}
 * on 127.0.0.1 at a port of its choosing, which it prints on the first line of its output, serving
 * until its input closes (the parent's end of the pipe, so it never outlives the test).
 */
public final class GzipOnlyServer {

    static final String TEXT = "Brotli or gzip, whichever loads. ".repeat(200);

    private GzipOnlyServer() {
    }

    public static void main(String[] args) throws Exception {
        try (var app = WebApplication.create("--urls", "http://127.0.0.1:0")) {
            app.use(new ResponseCompression());
            app.get("/text", context -> TEXT);
            app.start();
            System.out.println(app.listeningUrls().getFirst());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
