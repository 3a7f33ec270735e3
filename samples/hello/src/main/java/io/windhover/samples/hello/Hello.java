package io.windhover.samples.hello;

import io.windhover.server.WindhoverServer;
import java.nio.charset.StandardCharsets;

/**
 * The smallest Windhover app: {@code Hello, World!} on {@code GET /}, 404 elsewhere.
 *
 * <pre>
 * bin/hello                                  # http://localhost:8080
 * bin/hello --urls http://127.0.0.1:5000     # or WINDHOVER_URLS=...; several URLs separated by ';'
 * </pre>
 */
public final class Hello {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "Not Found".getBytes(StandardCharsets.US_ASCII);

    private Hello() {
    }

    public static void main(String[] args) throws Exception {
        String urls = System.getenv().getOrDefault("WINDHOVER_URLS", "http://localhost:8080");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--urls") && i + 1 < args.length) {
                urls = args[++i];
            } else if (args[i].startsWith("--urls=")) {
                urls = args[i].substring("--urls=".length());
            } else {
                System.err.println("usage: hello [--urls http://host:port[;http://...]]");
                System.exit(2);
            }
        }
        try (var server = WindhoverServer.builder()
                .urls(urls.split(";"))
                .useDevelopmentCertificate(true) // https URLs without a certificate: the local one
                .application(context -> {
                    var response = context.response();
                    boolean root = context.request().path().equals("/");
                    boolean readable = context.request().method().equals("GET") || context.request().method().equals("HEAD");
                    if (root && readable) {
                        response.headers().set("Content-Type", "text/plain");
                        response.body().write(HELLO);
                    } else {
                        response.status(root ? 405 : 404).headers().set("Content-Type", "text/plain");
                        response.body().write(root ? "Method Not Allowed".getBytes(StandardCharsets.US_ASCII) : NOT_FOUND);
                    }
                })
                .build()) {
            server.start();
            server.awaitShutdown();
        }
    }
}
