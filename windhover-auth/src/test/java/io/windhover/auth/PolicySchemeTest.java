package io.windhover.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.web.WebApplication;
import io.windhover.web.middleware.ExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A policy scheme as the default: each request is authenticated, challenged and forbidden by the
 * scheme its selector picks (ASP.NET Core's {@code ForwardDefaultSelector}), and the answer is that
 * scheme's alone.
 */
class PolicySchemeTest {

    private final HeaderScheme first = new HeaderScheme("First");
    private final HeaderScheme second = new HeaderScheme("Second");
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachActionGoesToTheSchemeTheSelectorPicks() throws Exception {
        var authentication = Authentication.builder().addScheme("First", first).addScheme("Second", second)
                .addPolicyScheme("Either", context -> context.header("X-User-Second") != null ? "Second" : "First")
                .defaultScheme("Either").build();
        var app = WebApplication.create();
        app.use(new ExceptionHandler(false));
        app.use(authentication);
        app.use(Authorization.builder(authentication).build());
        app.get("/me", context -> context.user().identity().authenticationType() + " " + context.user().name()).requireAuthorization();
        app.get("/admin", context -> "admin").requireAuthorization(io.windhover.web.AuthorizeData.roles("admin"));
        server = TestServer.start(app);

        assertThat(server.request("GET", "/me", "X-User-First: name=ada").body()).isEqualTo("First ada");
        assertThat(server.request("GET", "/me", "X-User-Second: name=bob").body()).isEqualTo("Second bob");
        RawResponse none = server.request("GET", "/me");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers("WWW-Authenticate")).containsExactly("First");
        RawResponse refused = server.request("GET", "/me", "X-User-Second: refused");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers("WWW-Authenticate")).containsExactly("Second error=\"refused by Second\"");
        assertThat(server.request("GET", "/admin", "X-User-Second: name=bob").status()).isEqualTo(403);
        assertThat(first.authentications.get() + second.authentications.get()).as("one scheme authenticates each request once")
                .isEqualTo(5);
    }

    @Test
    void aLoopOfPolicySchemesIsAnErrorNotAHang() throws Exception {
        var authentication = Authentication.builder().addScheme("First", first).addPolicyScheme("A", context -> "B")
                .addPolicyScheme("B", context -> "A").defaultScheme("A").build();
        var app = WebApplication.create();
        app.use(new ExceptionHandler(false));
        app.use(authentication);
        app.get("/", context -> "never");
        server = TestServer.start(app);
        assertThat(server.request("GET", "/").status()).isEqualTo(500);
    }

    @Test
    void aPolicySchemeNameCannotBeTakenTwice() {
        assertThatThrownBy(() -> Authentication.builder().addScheme("First", first).addPolicyScheme("First", context -> "First"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered already");
        assertThatThrownBy(() -> Authentication.builder().addPolicyScheme("P", context -> "First").addScheme("P", first))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered already");
    }
}
