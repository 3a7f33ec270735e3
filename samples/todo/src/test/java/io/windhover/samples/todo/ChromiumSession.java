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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium under the test's control through the Chrome DevTools Protocol, over the JDK's
 * {@link WebSocket}: one page, commands sent as JSON and answered by id, events awaited by name.
 * Chromium picks a free loopback port for the protocol ({@code --remote-debugging-port=0}) and says
 * which on its standard error. Clicks are real mouse events at an element's centre, typing is real
 * text input, so the page's own handlers run as they do for a person.
 *
 * <p>Not thread-safe: one test drives it.
 */
final class ChromiumSession implements AutoCloseable {

    /** The longest any one command or awaited event may take: Chromium's own work on loopback takes far less. */
    private static final long TIMEOUT_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process chromium;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    private record Waiter(String method, CompletableFuture<JsonNode> event) {
    }

    private ChromiumSession(Process chromium, String pageSocket) throws Exception {
        this.chromium = chromium;
        this.socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Listener()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts headless Chromium with a fresh {@code profile} and attaches to its first page. */
    static ChromiumSession start(Path profile) throws Exception {
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String browserSocket = devToolsAddress(chromium);
            URI list = URI.create("http://" + URI.create(browserSocket).getAuthority() + "/json/list");
            JsonNode targets = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(list).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets) {
                if (target.path("type").asText().equals("page")) {
                    return new ChromiumSession(chromium, target.path("webSocketDebuggerUrl").asText());
                }
            }
            throw new IllegalStateException("Chromium has no page: " + targets);
        } catch (Exception e) {
            chromium.destroy();
            throw e;
        }
    }

    /** Reads Chromium's standard error until "DevTools listening on ws://..."; keeps draining it after. */
    private static String devToolsAddress(Process chromium) throws IOException {
        var err = new BufferedReader(new InputStreamReader(chromium.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            int at = line.indexOf("DevTools listening on ");
            if (at >= 0) {
                Thread.ofVirtual().start(() -> err.lines().forEach(ignored -> { }));
                return line.substring(at + "DevTools listening on ".length()).strip();
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("Chromium ended without a DevTools address:\n" + seen);
    }

    /** Sends {@code method} with {@code params}; returns its result. */
    JsonNode send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        var answer = new CompletableFuture<JsonNode>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        JsonNode response = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    /** A future of the next {@code method} event; ask for it before the action that causes it. */
    CompletableFuture<JsonNode> next(String method) {
        var event = new CompletableFuture<JsonNode>();
        waiters.add(new Waiter(method, event));
        return event;
    }

    static JsonNode await(CompletableFuture<JsonNode> event) throws Exception {
        return event.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Navigates to {@code url} and returns once its load event fired. */
    void navigate(String url) throws Exception {
        var loaded = next("Page.loadEventFired");
        send("Page.navigate", Map.of("url", url));
        await(loaded);
    }

    /**
     * The value of {@code expression} in the page, a promise awaited; an exception in the page
     * fails the call with its text.
     */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Waits, in the page, until {@code condition} (a JavaScript expression) holds: checked on every
     * change of the document and refused after the time limit. Returns the expression's last value.
     */
    JsonNode waitFor(String condition) throws Exception {
        return evaluate("""
                new Promise((resolve, reject) => {
                  const check = () => { try { const v = (%s); if (v) { observer.disconnect(); clearTimeout(timer); resolve(v); } } catch (e) { } };
                  const observer = new MutationObserver(check);
                  const timer = setTimeout(() => { observer.disconnect(); reject(new Error('waited in vain for: ' + %s)); }, %d);
                  observer.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
                  check();
                })""".formatted(condition, JSON.writeValueAsString(condition), TIMEOUT_SECONDS * 1000 - 1000));
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

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Chromium is about to end anyway.
        } finally {
            chromium.destroy();
            if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
            http.close();
        }
    }

    /** Puts whole messages together and hands each to the command it answers or the waiters of its event. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                dispatch(message.toString());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String text) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON from Chromium: " + text, e);
            }
            if (node.has("id")) {
                CompletableFuture<JsonNode> answer = pending.remove(node.get("id").asInt());
                if (answer != null) {
                    answer.complete(node);
                }
                return;
            }
            String method = node.path("method").asText();
            for (Waiter waiter : waiters) {
                if (waiter.method().equals(method) && waiters.remove(waiter)) {
                    waiter.event().complete(node.path("params"));
                }
            }
        }
    }
}
