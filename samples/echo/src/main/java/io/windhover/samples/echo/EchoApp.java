package io.windhover.samples.echo;

import io.windhover.web.WebApplication;
import io.windhover.web.WebSocketEndpointOptions;
import io.windhover.websockets.WebSocketMessage;

/**
 * A WebSocket echo server at {@code /}: every text and binary message goes back as it came,
 * permessage-deflate is offered. The endpoint the Autobahn|Testsuite and the WebSocket figures run
 * against.
 *
 * <pre>
 * bin/echo                                   # ws://localhost:8080/
 * bin/echo --urls http://127.0.0.1:9001
 * </pre>
 */
public final class EchoApp {

    /** 16 MiB: the largest message of the Autobahn|Testsuite (cases 9.1.6 and 9.2.6). */
    static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    private EchoApp() {
    }

    /** The application, configured and not started: {@code main}'s, and the tests'. */
    public static WebApplication create(String... args) {
        var app = WebApplication.create(args);
        var options = WebSocketEndpointOptions.builder().compression(true).maxMessageSize(MAX_MESSAGE_SIZE).build();
        app.webSocket("/", options, socket -> {
            for (WebSocketMessage message; (message = socket.receive()) != null; ) {
                socket.send(message);
            }
        });
        return app;
    }

    public static void main(String[] args) throws Exception {
        try (var app = create(args)) {
            app.run();
        }
    }
}
