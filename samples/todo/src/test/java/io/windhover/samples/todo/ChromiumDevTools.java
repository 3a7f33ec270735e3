package io.windhover.samples.todo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium under a test's control through the Chrome DevTools Protocol, for what
 * {@code --dump-dom} cannot do: act on a page as a person would (click, type, choose a file in a file
 * input) and watch what its script does next. One browser and its first page per instance, over the
 * JDK's {@link WebSocket}: commands are sent as JSON and answered by id ({@link #send}), events are
 * awaited by name ({@link #next}). Chromium picks a free loopback port for the protocol
 * ({@code --remote-debugging-port=0}) and says which on its standard error; the browser ends with the
 * instance.
 *
 * <pre>{@code
 * try (var page = ChromiumDevTools.start(profile)) {
 *     page.navigate("http://127.0.0.1:8080/");
 *     page.waitFor("document.title === 'Todos'");
 *     page.setFiles("input[type=file]", Path.of("notes.txt"));
 * }
 * }</pre>
 *
 * <p>Threading: one thread drives an instance; its commands are not to be sent from two threads at
 * once (the WebSocket takes one outgoing message at a time). The one message pump is the WebSocket's
 * listener, on the {@link HttpClient}'s threads: it completes the future of the command a reply answers
 * and of the {@link #next} an event is awaited by, and never runs test code. A virtual thread drains
 * Chromium's standard error, kept for failure messages, so that a full pipe does not stall the browser.
 */
final class ChromiumDevTools implements AutoCloseable {

    /** The longest any one command or awaited event may take: Chromium's own work on loopback takes far less. */
    private static final long TIMEOUT_SECONDS = 30;
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^/]+)/");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    /** What the browser said on its standard error, for a failure's message. */
    private final List<String> browserLog = Collections.synchronizedList(new ArrayList<>());

    private record Waiter(String method, CompletableFuture<JsonNode> event) {
    }

    private ChromiumDevTools(Process browser, String devTools) throws Exception {
        this.browser = browser;
        socket = http.newWebSocketBuilder().buildAsync(URI.create(firstPage(devTools)), new Pump())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The command line of headless Chromium with a fresh profile in {@code profile}, then {@code flags};
     * what follows (a mode such as {@code --dump-dom}, a URL) is the caller's.
     */
    static List<String> command(Path profile, String... flags) {
        var command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(flags));
        return command;
    }

    /**
     * Starts headless Chromium with a fresh profile in {@code profile} and {@code flags}, attaches to its
     * first page (at {@code about:blank}) and enables the page's events.
     */
    static ChromiumDevTools start(Path profile, String... flags) throws Exception {
        var command = command(profile, flags);
        command.addAll(List.of("--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"));
        Process browser = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var lines = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
            List<String> said = new ArrayList<>();
            for (String line; (line = lines.readLine()) != null; ) {
                said.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    var devTools = new ChromiumDevTools(browser, listening.group(1));
                    devTools.browserLog.addAll(said);
                    Thread.ofVirtual().start(() -> devTools.drain(lines));
                    devTools.send("Page.enable", Map.of());
                    return devTools;
                }
            }
            throw new IOException("chromium ended before it listened: " + String.join("\n", said));
        } catch (Exception e) {
            browser.destroy();
            throw e;
        }
    }

    /** The WebSocket address of the browser's first page, listed at {@code /json/list} of {@code devTools}. */
    private String firstPage(String devTools) throws Exception {
        URI list = URI.create(devTools.replace("ws://", "http://") + "/json/list");
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode target : targets) {
            if (target.path("type").asText().equals("page")) {
                return target.path("webSocketDebuggerUrl").asText();
            }
        }
        throw new IOException("Chromium has no page: " + targets);
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
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        JsonNode answer = reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IOException(method + ": " + answer.get("error"));
        }
        return answer.path("result");
    }

    /** A future of the parameters of the next {@code method} event; ask for it before the action that causes it. */
    CompletableFuture<JsonNode> next(String method) {
        var event = new CompletableFuture<JsonNode>();
        waiters.add(new Waiter(method, event));
        return event;
    }

    /** The event {@code event} (from {@link #next}) once it came; fails after the time limit. */
    static JsonNode await(CompletableFuture<JsonNode> event) throws Exception {
        return event.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Navigates the page to {@code url} and returns once its load event fired. */
    void navigate(String url) throws Exception {
        var loaded = next("Page.loadEventFired");
        send("Page.navigate", Map.of("url", url));
        await(loaded);
    }

    /** {@code expression} evaluated in the page (a promise awaited), as JSON; an exception in the page is an IOException. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IOException(expression + " threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Waits, in the page, until {@code condition} (a JavaScript expression) is truthy: checked at once
     * and on every change of the document, and given up a second before the time limit, an
     * AssertionError that carries what the browser said. Returns the expression's truthy value.
     */
    JsonNode waitFor(String condition) throws Exception {
        try {
            return evaluate("""
                    new Promise((resolve, reject) => {
                      const check = () => { try { const v = (%s); if (v) { observer.disconnect(); clearTimeout(timer); resolve(v); } } catch (e) { } };
                      const observer = new MutationObserver(check);
                      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('waited in vain for: ' + %s)); }, %d);
                      observer.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
                      check();
                    })""".formatted(condition, JSON.writeValueAsString(condition), TIMEOUT_SECONDS * 1000 - 1000));
        } catch (IOException inVain) {
            throw new AssertionError("waited in vain for '" + condition + "'; the browser said: "
                    + String.join("\n", browserLog), inVain);
        }
    }

    /** A real mouse click (pressed and released) at the centre of the element {@code selector} finds. */
    void click(String selector) throws Exception {
        JsonNode centre = evaluate("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                + ").getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", centre.path("x").asDouble(), "y", centre.path("y").asDouble(),
                    "button", "left", "clickCount", 1));
        }
    }

    /** Focuses {@code selector} and types {@code text} into it as keyboard input. */
    void type(String selector, String text) throws Exception {
        evaluate("document.querySelector(" + JSON.writeValueAsString(selector) + ").focus()");
        send("Input.insertText", Map.of("text", text));
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
                "files", Arrays.stream(files).map(file -> file.toAbsolutePath().toString()).toList()));
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        http.close();
        browser.destroy();
        if (!browser.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
        }
    }

    /** Fails every command and awaited event still open, as the socket will answer none of them. */
    private void failAll(Throwable cause) {
        pending.values().forEach(waiting -> waiting.completeExceptionally(cause));
        waiters.forEach(waiter -> waiter.event().completeExceptionally(cause));
    }

    /** The message pump: puts whole messages together and hands each to the command it answers or the waiters of its event. */
    private final class Pump implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    dispatch(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    failAll(new IOException("not JSON from Chromium: " + partial, e));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(JsonNode message) {
            if (message.has("id")) {
                CompletableFuture<JsonNode> waiting = pending.remove(message.get("id").asInt());
                if (waiting != null) {
                    waiting.complete(message);
                }
                return;
            }
            String method = message.path("method").asText();
            for (Waiter waiter : waiters) {
                if (waiter.method().equals(method) && waiters.remove(waiter)) {
                    waiter.event().complete(message.path("params"));
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new IOException("Chromium closed the DevTools socket: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(error);
        }
    }
}
