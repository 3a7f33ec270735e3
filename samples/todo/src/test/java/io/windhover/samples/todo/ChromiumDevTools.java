package io.windhover.samples.todo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven through the Chrome DevTools Protocol, for what {@code --dump-dom} cannot
 * do: act on a page (choose a file in a file input) and watch what its script does next. One page
 * per instance, over the JDK's WebSocket client; the browser listens on a loopback port it picks
 * and is ended with the instance.
 *
 * <pre>{@code
 * try (var page = ChromiumDevTools.open(profile, "http://127.0.0.1:8080/")) {
 *     page.awaitValue("document.title", "Todos"::equals);
 *     page.setFiles("input[type=file]", Path.of("notes.txt"));
 * }
 * }</pre>
 */
final class ChromiumDevTools implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^/]+)/");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** What the browser said on its standard error, for a failure's message. */
    private final List<String> browserLog = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChromiumDevTools(Process browser, String devTools, String url) throws Exception {
        this.browser = browser;
        var created = http.send(HttpRequest.newBuilder(URI.create(devTools.replace("ws://", "http://") + "/json/new?"
                        + URLEncoder.encode(url, StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IOException("DevTools refused a new page: " + created.statusCode() + " " + created.body());
        }
        String pageSocket = JSON.readTree(created.body()).get("webSocketDebuggerUrl").asText();
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Replies()).get(30, TimeUnit.SECONDS);
    }

    /** Starts headless Chromium with a fresh profile in {@code profile} and opens {@code url} in a page. */
    static ChromiumDevTools open(Path profile, String url, String... flags) throws Exception {
        var command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0"));
        command.addAll(List.of(flags));
        command.add("about:blank");
        Process browser = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var lines = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        for (String line; (line = lines.readLine()) != null; ) {
            said.add(line);
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                var devTools = new ChromiumDevTools(browser, listening.group(1), url);
                devTools.browserLog.addAll(said);
                Thread.ofVirtual().start(() -> devTools.drain(lines)); // a full pipe would stall the browser
                return devTools;
            }
        }
        browser.destroy();
        throw new IOException("chromium ended before it listened: " + String.join("\n", said));
    }

    private void drain(BufferedReader lines) {
        try {
            for (String line; (line = lines.readLine()) != null; ) {
                browserLog.add(line);
            }
        } catch (IOException closed) {
            // the browser is gone
        }
    }

    /** Sends one DevTools command and waits for its result; an error reply is an IOException. */
    JsonNode send(String method, Map<String, ?> parameters) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(parameters));
        var reply = new CompletableFuture<JsonNode>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IOException(method + ": " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** {@code expression} evaluated in the page (promises awaited), as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IOException(expression + " threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Evaluates {@code expression} until its value as text satisfies {@code accepted}; fails after 30 s. */
    String awaitValue(String expression, Predicate<String> accepted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String value;
        while (!accepted.test(value = evaluate(expression).asText())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + expression + "' stayed '" + value + "' for 30 s; the browser said: "
                        + String.join("\n", browserLog));
            }
            Thread.sleep(20);
        }
        return value;
    }

    /**
     * Chooses {@code files} in the file input {@code selector} finds, as a user would in the file
     * dialog: Chromium fires the input's {@code input} and {@code change} events, so the page's own
     * handler runs.
     */
    void setFiles(String selector, Path... files) throws Exception {
        int document = send("DOM.getDocument", Map.of()).get("root").get("nodeId").asInt();
        int input = send("DOM.querySelector", Map.of("nodeId", document, "selector", selector)).get("nodeId").asInt();
        if (input == 0) {
            throw new IOException("no element matches " + selector);
        }
        send("DOM.setFileInputFiles", Map.of("nodeId", input,
                "files", java.util.Arrays.stream(files).map(file -> file.toAbsolutePath().toString()).toList()));
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        http.close();
        browser.destroy();
        if (!browser.waitFor(30, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
        }
    }

    /** Hands each reply to the command waiting for its id; events (no id) are not needed here. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> waiting = pending.remove(message.get("id").asInt());
                        if (waiting != null) {
                            waiting.complete(message);
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(waiting -> waiting.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(waiting -> waiting.completeExceptionally(error));
        }
    }
}
