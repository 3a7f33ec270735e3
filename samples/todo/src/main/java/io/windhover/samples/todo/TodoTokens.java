package io.windhover.samples.todo;

import io.windhover.auth.jwt.HmacJwtIssuer;
import io.windhover.web.WebApplication;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/todo jwt [--scope S]... [--role R]... [--name NAME] [--expires MINUTES]}: prints a
 * bearer token for the key the todo sample is configured with (or, in Development with none, its
 * development key), as {@code dotnet user-jwts create} does. The application's own arguments
 * ({@code --environment}, {@code --Authentication:Bearer:...}) may come among them.
 *
 * <pre>
 * curl -X POST -H "Authorization: Bearer $(bin/todo jwt --scope todos:write)" -H 'Content-Type: application/json' \
 *      -d '{"title": "milk"}' http://localhost:8080/todos
 * </pre>
 */
final class TodoTokens {

    /** 60 minutes: long enough to try the API by hand, short enough not to matter when it leaks. */
    static final int DEFAULT_MINUTES = 60;

    private TodoTokens() {
    }

    /** Prints the token to {@code out}; returns the exit status (2 for a usage error). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<String> scopes = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        String name = System.getProperty("user.name", "developer");
        int minutes = DEFAULT_MINUTES;
        List<String> appArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scope", "--role", "--name", "--expires" -> {
                    if (i + 1 >= args.length) {
                        err.println("todo jwt: " + args[i] + " needs a value");
                        return 2;
                    }
                    String value = args[++i];
                    switch (args[i - 1]) {
                        case "--scope" -> scopes.add(value);
                        case "--role" -> roles.add(value);
                        case "--name" -> name = value;
                        default -> minutes = Integer.parseInt(value);
                    }
                }
                default -> appArgs.add(args[i]);
            }
        }
        if (minutes <= 0) {
            err.println("todo jwt: --expires takes a number of minutes above zero");
            return 2;
        }
        try (WebApplication app = WebApplication.create(appArgs.toArray(String[]::new))) {
            BearerSettings settings = BearerSettings.read(app);
            if (settings == null) {
                err.println("todo jwt: no signing key: set Authentication:Bearer:SigningKey, Issuer and Audience,"
                        + " or run with --environment Development to use the development key");
                return 2;
            }
            out.println(new HmacJwtIssuer(settings.signingKey(), settings.issuer(), settings.audience(), InstantSource.system())
                    .issue(name, scopes, roles, Duration.ofMinutes(minutes)));
            return 0;
        }
    }
}
