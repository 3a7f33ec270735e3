package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What an application refuses when it starts, before it serves a request. */
class StartupTest {

    @Test
    void reportsAmbiguousRoutesWhenItStartsNotPerRequest() {
        try (var app = WebApplication.create("--urls", "http://127.0.0.1:0")) {
            app.get("/todos/{id}", context -> "by id");
            app.get("/todos/{name}", context -> "by name");
            assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ambiguous routes").hasMessageContaining("/todos/{id}").hasMessageContaining("/todos/{name}");
            assertThatThrownBy(app::listeningUrls).as("nothing listens").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not started");
        }
    }

    @Test
    void reportsAMalformedTemplateWhenItStarts() {
        try (var app = WebApplication.create("--urls", "http://127.0.0.1:0")) {
            app.get("/todos/{id:nosuchconstraint}", context -> "never");
            assertThatThrownBy(app::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuchconstraint");
        }
    }
}
