package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.WebApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The todo sample on a loopback port with an in-memory database and a history of three changes,
 * its feed in reach, and an HTTP/1.1 client that writes through the API: what the tests of the
 * feed's two transports, {@code /todos/events} and {@code /todos/live}, share.
 */
final class TodoFeedServer implements AutoCloseable {

    private final AtomicReference<TodoFeed> feed = new AtomicReference<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final WebApplication app;
    private final String base;

    /** Starts the sample with its attachments under {@code attachments}, and {@code settings} after the test's own. */
    TodoFeedServer(Path attachments, String... settings) throws IOException {
        List<String> args = new ArrayList<>(List.of("--urls", "http://127.0.0.1:0", "--content-root",
                Path.of("").toAbsolutePath().toString(), "--ConnectionStrings:Todos=jdbc:sqlite::memory:",
                "--Todo:AttachmentsPath=" + attachments, "--Todo:EventHistory=3"));
        args.addAll(List.of(settings));
        app = TodoApp.create(feed::set, args.toArray(String[]::new));
        app.start();
        base = app.listeningUrls().getFirst();
    }

    String base() {
        return base;
    }

    HttpClient client() {
        return client;
    }

    /** Stops the application, as a test of the server's stop does; {@link #close()} after it is harmless. */
    void stopApplication() {
        app.close();
    }

    /** Connections the stop had to abort at its timeout: 0 when every one ended when asked to. */
    long abortedAtShutdown() {
        return app.statistics().abortedAtShutdown();
    }

    int subscriberCount() {
        return feed.get().subscriberCount();
    }

    /** A request with a JSON body (or none) through the API; its status. */
    int send(String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Waits, bounded, until the feed has {@code count} subscribers: they subscribe on threads of their own. */
    void awaitSubscribers(int count) throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); subscriberCount() != count; ) {
            assertThat(System.nanoTime()).as("subscribers to become " + count).isLessThan(deadline);
            Thread.sleep(10); // polling the server's state, bounded
        }
    }

    @Override
    public void close() {
        client.close();
        app.close();
    }
}
