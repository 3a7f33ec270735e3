package io.windhover.test;

import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;

/** A user's application as the test host meets it: a create method its main would call. */
public final class GreetingApp {

    /** A greeting to store. */
    public record Greeting(@NotBlank String word, String name) {
    }

    private GreetingApp() {
    }

    public static WebApplication create(String... args) {
        var app = WebApplication.create(args);
        String word = app.configuration().get("Greeting:Word", "Hello");
        app.get("/hello/{name}", context -> word + ", " + context.route("name") + "!");
        app.post("/greetings", context -> Results.created("/greetings/1", context.body(Greeting.class)));
        app.post("/form", context -> context.form().value("name"));
        app.get("/chunked", context -> {
            context.response().headers().set("Content-Type", "text/plain");
            for (int i = 0; i < 3; i++) {
                context.response().body().write(("part " + i + ";").getBytes(StandardCharsets.UTF_8));
                context.response().body().flush(); // each flush a chunk: no Content-Length is known
            }
            return null;
        });
        return app;
    }
}
