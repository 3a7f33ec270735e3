package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Endpoint metadata as middleware reads it before the endpoint runs: the groups' items outer first,
 * then the route's own; nothing for a path no route matches; the match made once for both.
 */
class EndpointMetadataCollectionTest {

    record Tag(String name) {
    }

    @Test
    void middlewareSeesTheGroupsMetadataOuterFirstThenTheRoutesOwn() throws Exception {
        var app = WebApplication.create();
        app.use((context, next) -> {
            context.response().headers().set("X-Tags", String.join(",",
                    context.endpointMetadata().all(Tag.class).stream().map(Tag::name).toList()));
            context.response().headers().set("X-Last", String.valueOf(context.endpointMetadata().last(Tag.class)));
            next.handle(context);
        });
        var outer = app.mapGroup("/outer").withMetadata(new Tag("outer"));
        var inner = outer.mapGroup("/inner").withMetadata(new Tag("inner"));
        inner.get("/route", context -> "route").withMetadata(new Tag("route"));
        outer.withMetadata(new Tag("outer-later"));
        app.get("/plain", context -> "plain");
        try (var host = TestHost.start(TestHost.Kind.IN_MEMORY, app)) {
            String routed = host.send("GET /outer/inner/route HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(routed).contains("X-Tags: outer,outer-later,inner,route\r\n").contains("X-Last: Tag[name=route]\r\n").endsWith("route");
            String plain = host.send("GET /plain HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(plain).contains("X-Tags: \r\n").contains("X-Last: null\r\n").endsWith("plain");
            String missing = host.send("GET /nowhere HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(missing).startsWith("HTTP/1.1 404").contains("X-Tags: \r\n");
        }
    }

    @Test
    void authorizationConventionsAddTheirMetadata() {
        var app = WebApplication.create();
        var group = app.mapGroup("/api").requireAuthorization();
        var route = group.get("/x", context -> "x").requireAuthorization("p1", "p2").allowAnonymous()
                .requireAuthorization(AuthorizeData.roles("admin"));
        assertThat(route.metadata().items()).containsExactly(AuthorizeData.defaultPolicy(), AuthorizeData.policy("p1"),
                AuthorizeData.policy("p2"), AllowAnonymousMetadata.INSTANCE, AuthorizeData.roles("admin"));
        assertThat(route.metadata().all(AuthorizeData.class)).hasSize(4);
        assertThat(route.metadata().has(AllowAnonymousMetadata.class)).isTrue();
        assertThat(EndpointMetadataCollection.empty().last(Object.class)).isNull();
    }

    @Test
    void descriptionsShareTheCollectionWithAuthorizationAndReadTogether() {
        var app = WebApplication.create();
        var route = app.mapGroup("/api").withTags("api").requireAuthorization()
                .post("/todos", context -> "x").withName("first").requireAuthorization("todos:write").withSummary("Adds")
                .produces(201, String.class).withName("addTodo").withTags("todos", "api").producesProblem(404).allowAnonymous();
        EndpointMetadataCollection metadata = route.metadata();
        assertThat(metadata.all(AuthorizeData.class)).containsExactly(AuthorizeData.defaultPolicy(), AuthorizeData.policy("todos:write"));
        assertThat(metadata.has(AllowAnonymousMetadata.class)).isTrue();
        EndpointDescription description = EndpointDescription.of(metadata);
        assertThat(description.name()).as("the last name given").isEqualTo("addTodo");
        assertThat(description.summary()).isEqualTo("Adds");
        assertThat(description.tags()).as("the group's first, each once").containsExactly("api", "todos");
        assertThat(description.responses()).extracting(EndpointDescription.Response::status).containsExactly(201, 404);
        assertThat(EndpointDescription.of(EndpointMetadataCollection.empty())).isEqualTo(EndpointDescription.builder().build());
        assertThat(app.get("/hidden", context -> "x").excludeFromDescription().metadata().has(ExcludeFromDescriptionMetadata.class)).isTrue();
    }

    @Test
    void theUserIsAnonymousUntilMiddlewareSetsOne() throws Exception {
        var app = WebApplication.create();
        app.use((context, next) -> {
            if (context.header("X-Name") != null) {
                context.user(ClaimsPrincipal.of(new ClaimsIdentity("Test", List.of(new Claim("name", context.header("X-Name")), new Claim("role", "r")))));
            }
            next.handle(context);
        });
        app.get("/me", context -> context.user().isAuthenticated() + " " + context.user().name() + " " + context.user().isInRole("r"));
        try (var host = TestHost.start(TestHost.Kind.IN_MEMORY, app)) {
            assertThat(host.send("GET /me HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).endsWith("false null false");
            assertThat(host.send("GET /me HTTP/1.1\r\nHost: a\r\nX-Name: ada\r\nConnection: close\r\n\r\n")).endsWith("true ada true");
        }
    }

    @Test
    void mergingPrincipalsPutsTheAdditionalIdentitiesFirstAndDropsAnonymousOnes() {
        var ada = ClaimsPrincipal.of(new ClaimsIdentity("A", List.of(new Claim("name", "ada"))));
        var bob = ClaimsPrincipal.of(new ClaimsIdentity("B", List.of(new Claim("name", "bob"))));
        assertThat(ada.merge(bob).name()).isEqualTo("bob");
        assertThat(ada.merge(bob).identities()).hasSize(2);
        assertThat(ClaimsPrincipal.anonymous().merge(ada).identities()).containsExactly(ada.identity());
        assertThat(ClaimsPrincipal.anonymous().isAuthenticated()).isFalse();
    }
}
