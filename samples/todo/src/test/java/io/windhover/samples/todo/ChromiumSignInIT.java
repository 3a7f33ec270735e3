package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.WebApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo page's sign-in in a real browser, as a person uses it: headless Chromium, driven through
 * its DevTools protocol ({@link ChromiumDevTools}), opens the page of the sample in Development,
 * clicks "Sign in as the development user" (a form post that carries the antiforgery token), comes
 * back signed in, types a todo and clicks Add (a fetch with the cookie and the antiforgery header),
 * ticks it done, signs out, and is then told a write needs a sign-in. A page whose antiforgery token
 * was changed is refused (400) and says the page is out of date. Chromium comes from Debian's package (bin/setup-test-tools); the test fails, not skips, without it.
 */
class ChromiumSignInIT {

    @TempDir
    Path profile;
    @TempDir
    Path folder;
    private WebApplication app;
    private String base;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void start() throws Exception {
        app = TodoApp.create("--urls", "http://127.0.0.1:0", "--environment", "Development",
                "--content-root", Path.of("").toAbsolutePath().toString(), "--ConnectionStrings:Todos=jdbc:sqlite::memory:",
                "--Todo:AttachmentsPath=" + folder.resolve("attachments"),
                "--Authentication:Bearer:DevelopmentKeyFolder=" + folder.resolve("user-jwts"));
        app.start();
        base = app.listeningUrls().getFirst();
    }

    private String todosFromTheApi() throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(base + "/todos")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void signsInAddsATodoTicksItAndSignsOut() throws Exception {
        start();
        try (var chromium = ChromiumDevTools.start(profile)) {
            chromium.navigate(base + "/");
            chromium.waitFor("document.querySelector('#sign-in') && document.querySelector('#status').textContent === '0 todos'");
            assertThat(chromium.evaluate("document.querySelector('#sign-in').form.querySelector('input[name=__RequestVerificationToken]').value")
                    .asText()).as("the sign-in form carries the antiforgery token").matches("[A-Za-z0-9_-]{80,}");

            var signedIn = chromium.next("Page.loadEventFired");
            chromium.click("#sign-in");
            ChromiumDevTools.await(signedIn);
            assertThat(chromium.waitFor("document.querySelector('#user')?.textContent").asText()).isEqualTo("Signed in as developer");
            assertThat(chromium.evaluate("document.cookie").asText()).as("both cookies are HttpOnly: no script reads them").isEmpty();

            chromium.type("#title", "buy milk");
            chromium.click("#add button");
            chromium.waitFor("document.querySelector('#status').textContent === '1 todo'");
            assertThat(chromium.evaluate("document.querySelector('#todos li span').textContent").asText()).isEqualTo("buy milk");
            assertThat(todosFromTheApi()).contains("\"title\":\"buy milk\",\"done\":false");

            chromium.click("#todos li input[type=checkbox]");
            chromium.waitFor("document.querySelector('#todos li.done')");
            assertThat(todosFromTheApi()).contains("\"title\":\"buy milk\",\"done\":true");

            var signedOut = chromium.next("Page.loadEventFired");
            chromium.click("#sign-out");
            ChromiumDevTools.await(signedOut);
            chromium.waitFor("document.querySelector('#sign-in')");
            chromium.type("#title", "sneak in");
            chromium.click("#add button");
            assertThat(chromium.waitFor("document.querySelector('#status').textContent === 'Sign in to make changes.'").asBoolean()).isTrue();
            assertThat(todosFromTheApi()).doesNotContain("sneak in");
        }
    }

    @Test
    void aSignedInPageWithAChangedAntiforgeryTokenIsRefusedAndSaysSo() throws Exception {
        start();
        try (var chromium = ChromiumDevTools.start(profile)) {
            chromium.navigate(base + "/");
            chromium.waitFor("document.querySelector('#sign-in')");
            var signedIn = chromium.next("Page.loadEventFired");
            chromium.click("#sign-in");
            ChromiumDevTools.await(signedIn);
            chromium.waitFor("document.querySelector('#user')");
            // The page's request token changed by one character, as a page kept from before a key change or forged would hold.
            chromium.evaluate("antiforgeryToken = antiforgeryToken.slice(0, 40) + (antiforgeryToken[40] === 'A' ? 'B' : 'A') + antiforgeryToken.slice(41)");
            chromium.type("#title", "forged");
            chromium.click("#add button");
            assertThat(chromium.waitFor("document.querySelector('#status').textContent.startsWith('This page is out of date')").asBoolean()).isTrue();
            assertThat(todosFromTheApi()).isEqualTo("[]");
        }
    }
}
