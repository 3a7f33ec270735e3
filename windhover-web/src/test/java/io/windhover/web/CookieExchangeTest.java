package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Cookies through the whole server, as wire transcripts over a socket and in memory, and with the JDK's HttpClient. */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class CookieExchangeTest {

    @Parameter
    TestHost.Kind kind;

    private TestHost host;
    private WebApplication app;

    @BeforeEach
    void start() throws Exception {
        app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.get("/echo", context -> context.cookies().toString());
        app.post("/login", context -> {
            context.cookie(Cookie.builder("session", "s 1").path("/").httpOnly(true).sameSite(Cookie.SameSite.LAX).build());
            context.cookie(Cookie.builder("theme", "dark").maxAge(Duration.ofDays(1)).build());
            return Results.noContent();
        });
        app.post("/logout", context -> {
            context.deleteCookie("session");
            return Results.noContent();
        });
        host = TestHost.start(kind, app);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private String send(String request) throws Exception {
        return host.send(request);
    }

    @Test
    void readsTheCookieFieldsOfARequest() throws Exception {
        String response = send("GET /echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\nCookie: a=1; b=caf%C3%A9\r\nCookie: c=\"3\"\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n{a=1, b=caf\u00e9, c=3}");
    }

    @Test
    void aRequestWithoutCookiesHasNone() throws Exception {
        assertThat(send("GET /echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).endsWith("\r\n\r\n{}");
    }

    @Test
    void setsOneFieldPerCookie() throws Exception {
        String response = send("POST /login HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 204 No Content\r\n")
                .contains("\r\nSet-Cookie: session=s%201; Path=/; HttpOnly; SameSite=Lax\r\n")
                .contains("\r\nSet-Cookie: theme=dark; Max-Age=86400\r\n");
    }

    @Test
    void deletesACookie() throws Exception {
        String response = send("POST /logout HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(response).contains("\r\nSet-Cookie: session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0\r\n");
    }

    @Test
    void theJdkClientKeepsSendsAndForgetsTheCookies() throws Exception {
        if (kind != TestHost.Kind.SOCKET) {
            return; // a real client needs a real socket
        }
        var jar = new CookieManager();
        String base = app.listeningUrls().getFirst();
        try (var client = HttpClient.newBuilder().cookieHandler(jar).build()) {
            var login = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(login.statusCode()).isEqualTo(204);
            var echo = client.send(HttpRequest.newBuilder(URI.create(base + "/echo")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(echo.body()).contains("session=s 1").contains("theme=dark");
            client.send(HttpRequest.newBuilder(URI.create(base + "/logout")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(jar.getCookieStore().getCookies()).extracting(java.net.HttpCookie::getName).containsExactly("theme");
            echo = client.send(HttpRequest.newBuilder(URI.create(base + "/echo")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(echo.body()).isEqualTo("{theme=dark}");
        }
    }
}
