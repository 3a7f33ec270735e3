package ${package};

import io.windhover.web.WebApplication;

/**
 * The application: {@code GET /} and {@code GET /hello/{name}}. Settings come from windhover.json,
 * the environment and the command line ({@code --urls http://localhost:5000}).
 */
public final class App {

    /** What {@code GET /hello/{name}} answers, as JSON. */
    public record Greeting(String message) {
    }

    private App() {
    }

    public static void main(String[] args) throws Exception {
        try (WebApplication app = create(args)) {
            app.run();
        }
    }

    /** The application, configured and not started: what main runs and the tests start. */
    public static WebApplication create(String... args) {
        var app = WebApplication.create(args);
        app.get("/", context -> "Hello, World!");
        app.get("/hello/{name}", context -> new Greeting("Hello, " + context.route("name") + "!"));
        return app;
    }
}
