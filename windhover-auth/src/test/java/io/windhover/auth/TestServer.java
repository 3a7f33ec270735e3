package io.windhover.auth;

import io.windhover.web.WebApplication;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs a {@link WebApplication} on a loopback port for a test and sends it raw HTTP/1.1 requests,
 * one connection each, reading until the server closes: the answer exactly as it went on the wire.
 */
public final class TestServer implements AutoCloseable {

    private final WebApplication app;
    private final int port;

    private TestServer(WebApplication app) throws IOException {
        this.app = app;
        app.urls("http://127.0.0.1:0").server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.start();
        String url = app.listeningUrls().getFirst();
        this.port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    /** Starts {@code app}, configured and not started. */
    public static TestServer start(WebApplication app) throws IOException {
        return new TestServer(app);
    }

    public int port() {
        return port;
    }

    /** {@code method target} with the given header lines ("Name: value"), no body. */
    public RawResponse request(String method, String target, String... headers) throws IOException {
        var request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return send(request.append("\r\n").toString());
    }

    /** A GET with an {@code Authorization: Bearer token} header. */
    public RawResponse getWithBearer(String target, String token) throws IOException {
        return request("GET", target, "Authorization: Bearer " + token);
    }

    /** Sends {@code request} as it is. */
    public RawResponse send(String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return RawResponse.parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
