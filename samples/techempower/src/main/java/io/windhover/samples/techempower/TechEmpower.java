package io.windhover.samples.techempower;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windhover.server.Scheduling;
import io.windhover.server.WindhoverServer;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.http.HttpContext;
import io.windhover.server.http.HttpResponse;
import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The two TechEmpower tests on the bare {@code HttpApplication} (or, with {@code --web}, the web layer):
 * {@code GET /plaintext} → {@code Hello, World!} as text/plain, {@code GET /json} →
 * {@code {"message":"Hello, World!"}} serialised by Jackson per request. The server adds
 * {@code Server} and {@code Date}.
 *
 * <pre>
 * bin/techempower [--urls http://127.0.0.1:8080] [--scheduling inline|virtual-thread] [--web] [PORT]
 * </pre>
 *
 * <p>{@code --web} serves the same tests through the web layer (routing, endpoints, results, its
 * JSON codec) instead of the bare handler.
 *
 * <p>A bare port is what the bench harness appends. {@code WINDHOVER_URLS} and
 * {@code WINDHOVER_SCHEDULING} set the same as the flags. Neither handler blocks, so both
 * schedulings are legitimate here; the default is the server's, virtual threads.
 */
public final class TechEmpower {

    private static final byte[] PLAINTEXT = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    /** Buffers recycled through a shared pool: Jackson's per-thread default recycles nothing across an HTTP/2 stream's virtual thread. */
    private static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());

    /** The json test's message, serialised per request. */
    public record Message(String message) {
    }

    private TechEmpower() {
    }

    public static void main(String[] args) throws Exception {
        String urls = System.getenv().getOrDefault("WINDHOVER_URLS", "http://127.0.0.1:8080");
        String scheduling = System.getenv().getOrDefault("WINDHOVER_SCHEDULING", "virtual-thread");
        boolean web = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--urls") && i + 1 < args.length) {
                urls = args[++i];
            } else if (args[i].equals("--scheduling") && i + 1 < args.length) {
                scheduling = args[++i];
            } else if (args[i].equals("--web")) {
                web = true;
            } else if (args[i].matches("\\d+")) {
                urls = "http://127.0.0.1:" + args[i]; // the bench harness appends the port
            } else {
                System.err.println("usage: techempower [--urls URL | PORT] [--scheduling inline|virtual-thread] [--web]");
                System.exit(2);
            }
        }
        Scheduling mode = switch (scheduling) {
            case "inline" -> Scheduling.INLINE;
            case "virtual-thread" -> Scheduling.VIRTUAL_THREAD;
            default -> {
                System.err.println("--scheduling must be inline or virtual-thread, was '" + scheduling + "'");
                System.exit(2);
                yield null;
            }
        };
        try (var server = WindhoverServer.builder()
                .urls(urls.split(";"))
                .scheduling(mode)
                .application(web ? webApplication() : TechEmpower::bare)
                .build()) {
            server.start();
            server.awaitShutdown();
        }
    }

    /** The bare handler: the server's HttpApplication, no routing. */
    private static void bare(HttpContext context) throws IOException {
        HttpResponse response = context.response();
        switch (context.request().path()) {
            case "/plaintext" -> {
                response.headers().set("Content-Type", "text/plain");
                response.body().write(PLAINTEXT);
            }
            case "/json" -> {
                response.headers().set("Content-Type", "application/json");
                response.body().write(JSON.writeValueAsBytes(new Message("Hello, World!")));
            }
            default -> response.status(404);
        }
    }

    /** The same two tests through the web layer: routing, endpoints, results, its JSON codec. */
    private static HttpApplication webApplication() {
        var app = WebApplication.create();
        app.get("/plaintext", context -> Results.bytes(PLAINTEXT, "text/plain"));
        app.get("/json", context -> new Message("Hello, World!"));
        return app.toHttpApplication();
    }
}
