package io.windhover.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.AuthorizeData;
import io.windhover.web.WebApplication;
import io.windhover.web.middleware.ExceptionHandler;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authorization as ASP.NET Core decides it, over a loopback socket: which requests go on, which are
 * challenged (401 with the scheme's {@code WWW-Authenticate}) and which forbidden (403), for
 * endpoints and groups that require the default policy, roles, claims, scopes, named and custom
 * policies, other schemes, and anonymous access.
 */
class AuthorizationTest {

    /** A requirement of the application's own, decided by a handler it registers. */
    record Department(String name) implements AuthorizationRequirement {
    }

    private static final HeaderScheme TEST = new HeaderScheme("Test");
    private static final HeaderScheme OTHER = new HeaderScheme("Other");
    private static final AtomicInteger vetoes = new AtomicInteger();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        var authentication = Authentication.builder().addScheme("Test", TEST).addScheme("Other", OTHER).defaultScheme("Test").build();
        var authorization = Authorization.builder(authentication)
                .policy("admins", policy -> policy.requireRole("admin"))
                .policy("emailed", policy -> policy.requireClaim("email"))
                .policy("from-acme", policy -> policy.requireClaim("tenant", "acme", "acme-eu"))
                .policy("todos:write", policy -> policy.requireAuthenticatedUser().requireScope("todos:write"))
                .policy("sales", policy -> policy.addRequirements(new Department("sales")))
                .policy("owner", policy -> policy.requireAssertion(check ->
                        check.resource() instanceof String owner && owner.equals(check.user().name())))
                .handler(check -> {
                    for (Department department : check.pending(Department.class)) {
                        if (check.user().findAll("department").stream().anyMatch(claim -> claim.value().equals(department.name()))) {
                            check.succeed(department);
                        }
                    }
                })
                .handler(check -> {
                    if (check.user().findFirst("suspended") != null) {
                        vetoes.incrementAndGet();
                        check.fail("suspended");
                    }
                })
                .build();
        var app = WebApplication.create();
        app.use(new ExceptionHandler(false));
        app.use(authentication);
        app.use(authorization);
        app.get("/open", context -> "open to " + (context.user().isAuthenticated() ? context.user().name() : "anyone"));
        app.get("/user", context -> "hello " + context.user().name()).requireAuthorization();
        app.get("/admin", context -> "admin").requireAuthorization(AuthorizeData.roles("admin", "root"));
        app.get("/admins", context -> "admins").requireAuthorization("admins");
        app.get("/email", context -> "email").requireAuthorization("emailed");
        app.get("/acme", context -> "acme").requireAuthorization("from-acme");
        app.get("/write", context -> "written").requireAuthorization("todos:write");
        app.get("/sales", context -> "sales").requireAuthorization("sales");
        app.get("/both", context -> "both").requireAuthorization("admins", "emailed");
        app.get("/missing-policy", context -> "never").requireAuthorization("no-such-policy");
        app.get("/other", context -> "other " + context.user().name()).requireAuthorization(AuthorizeData.schemes("Other"));
        app.get("/either", context -> context.user().identities().size() + " " + context.user().name())
                .requireAuthorization(AuthorizeData.schemes("Test", "Other"));
        app.get("/policy-object", context -> "object").withMetadata(AuthorizationPolicy.builder().requireClaim("level", "9").build());
        app.get("/documents/{owner}", context -> {
            if (!authorization.authorize(context.user(), context.route("owner"), "owner").succeeded()) {
                authorization.refuse(context);
                return null;
            }
            return "document of " + context.route("owner");
        });
        var api = app.mapGroup("/api").requireAuthorization();
        api.get("/status", context -> "status " + context.user().isAuthenticated()).allowAnonymous();
        api.get("/me", context -> "me " + context.user().name());
        var adminApi = api.mapGroup("/admin").requireAuthorization("admins");
        adminApi.get("/users", context -> "users");
        var anonymous = app.mapGroup("/public").allowAnonymous();
        anonymous.get("/still", context -> "still open").requireAuthorization("admins");
        server = TestServer.start(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anEndpointThatSaysNothingIsOpenAndSeesAUserWhenOneIsAuthenticated() throws Exception {
        assertThat(server.request("GET", "/open").body()).isEqualTo("open to anyone");
        assertThat(server.request("GET", "/open", "X-User-Test: name=ada").body()).isEqualTo("open to ada");
    }

    @Test
    void credentialsTheSchemeRefusesLeaveAnOpenEndpointOpenToAnAnonymousUser() throws Exception {
        var response = server.request("GET", "/open", "X-User-Test: refused");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("open to anyone");
    }

    @Test
    void theDefaultPolicyChallengesAnAnonymousUserWith401AndTheSchemesHeader() throws Exception {
        var response = server.request("GET", "/user");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers("WWW-Authenticate")).containsExactly("Test");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aRefusedCredentialIsChallengedWithTheRefusalsReason() throws Exception {
        var response = server.request("GET", "/user", "X-User-Test: refused");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers("WWW-Authenticate")).containsExactly("Test error=\"refused by Test\"");
    }

    @Test
    void theDefaultPolicyLetsAnAuthenticatedUserIn() throws Exception {
        var response = server.request("GET", "/user", "X-User-Test: name=ada");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello ada");
    }

    @Test
    void anAuthenticatedUserWithoutTheRoleIsForbiddenWith403AndNoChallenge() throws Exception {
        var response = server.request("GET", "/admin", "X-User-Test: name=ada;role=user");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("WWW-Authenticate")).isNull();
        assertThat(server.request("GET", "/admin").status()).isEqualTo(401);
    }

    @Test
    void anyOneOfTheRolesLetsTheUserIn() throws Exception {
        assertThat(server.request("GET", "/admin", "X-User-Test: name=ada;role=user;role=root").status()).isEqualTo(200);
        assertThat(server.request("GET", "/admins", "X-User-Test: name=ada;role=admin").status()).isEqualTo(200);
        assertThat(server.request("GET", "/admins", "X-User-Test: name=ada;role=Admin").status())
                .as("roles compare exactly").isEqualTo(403);
    }

    @Test
    void aClaimPolicyWantsTheClaimAndOneOfItsValues() throws Exception {
        assertThat(server.request("GET", "/email", "X-User-Test: name=ada").status()).isEqualTo(403);
        assertThat(server.request("GET", "/email", "X-User-Test: name=ada;email=a@b.c").status()).isEqualTo(200);
        assertThat(server.request("GET", "/acme", "X-User-Test: tenant=globex").status()).isEqualTo(403);
        assertThat(server.request("GET", "/acme", "X-User-Test: tenant=acme-eu").status()).isEqualTo(200);
    }

    @Test
    void aScopePolicyReadsSpaceSeparatedScopeAndScpClaims() throws Exception {
        assertThat(server.request("GET", "/write", "X-User-Test: scope=todos:read todos:write").status()).isEqualTo(200);
        assertThat(server.request("GET", "/write", "X-User-Test: scp=todos:write").status()).isEqualTo(200);
        assertThat(server.request("GET", "/write", "X-User-Test: scope=todos:read;scope=todos:write").status())
                .as("one scope per claim, as a token's array arrives").isEqualTo(200);
        assertThat(server.request("GET", "/write", "X-User-Test: scope=todos:read todos:writer").status()).isEqualTo(403);
        assertThat(server.request("GET", "/write", "X-User-Test: scope=todos:read").status()).isEqualTo(403);
        assertThat(server.request("GET", "/write").status()).isEqualTo(401);
    }

    @Test
    void aCustomRequirementIsMetByTheApplicationsHandler() throws Exception {
        assertThat(server.request("GET", "/sales", "X-User-Test: department=sales").status()).isEqualTo(200);
        assertThat(server.request("GET", "/sales", "X-User-Test: department=support").status()).isEqualTo(403);
    }

    @Test
    void aHandlerThatFailsTheCheckVetoesWhatOthersMet() throws Exception {
        int before = vetoes.get();
        assertThat(server.request("GET", "/sales", "X-User-Test: department=sales;suspended=yes").status()).isEqualTo(403);
        assertThat(vetoes.get()).isEqualTo(before + 1);
    }

    @Test
    void severalPoliciesOnOneEndpointMustAllBeMet() throws Exception {
        assertThat(server.request("GET", "/both", "X-User-Test: role=admin").status()).isEqualTo(403);
        assertThat(server.request("GET", "/both", "X-User-Test: email=a@b.c").status()).isEqualTo(403);
        assertThat(server.request("GET", "/both", "X-User-Test: role=admin;email=a@b.c").status()).isEqualTo(200);
    }

    @Test
    void aPolicyObjectAsMetadataIsEnforced() throws Exception {
        assertThat(server.request("GET", "/policy-object", "X-User-Test: level=8").status()).isEqualTo(403);
        assertThat(server.request("GET", "/policy-object", "X-User-Test: level=9").status()).isEqualTo(200);
    }

    @Test
    void anUnknownPolicyNameIsAServerError() throws Exception {
        assertThat(server.request("GET", "/missing-policy", "X-User-Test: name=ada").status()).isEqualTo(500);
    }

    @Test
    void aGroupRequiresAuthorizationOfEachOfItsRoutesAndNestedGroupsAddTheirs() throws Exception {
        assertThat(server.request("GET", "/api/me").status()).isEqualTo(401);
        assertThat(server.request("GET", "/api/me", "X-User-Test: name=ada").body()).isEqualTo("me ada");
        assertThat(server.request("GET", "/api/admin/users", "X-User-Test: name=ada").status()).isEqualTo(403);
        assertThat(server.request("GET", "/api/admin/users", "X-User-Test: name=ada;role=admin").status()).isEqualTo(200);
    }

    @Test
    void allowAnonymousOnARouteInAProtectedGroupOpensItAndStillAuthenticates() throws Exception {
        assertThat(server.request("GET", "/api/status").body()).isEqualTo("status false");
        assertThat(server.request("GET", "/api/status", "X-User-Test: name=ada").body()).isEqualTo("status true");
    }

    @Test
    void allowAnonymousOnAGroupWinsOverARoutesRequirement() throws Exception {
        assertThat(server.request("GET", "/public/still").status()).isEqualTo(200);
    }

    @Test
    void aPolicysSchemesAuthenticateTheUserAndChallengeInsteadOfTheDefault() throws Exception {
        var anonymous = server.request("GET", "/other", "X-User-Test: name=ada");
        assertThat(anonymous.status()).as("the default scheme's user does not count for this endpoint").isEqualTo(401);
        assertThat(anonymous.headers("WWW-Authenticate")).containsExactly("Other");
        assertThat(server.request("GET", "/other", "X-User-Other: name=bob").body()).isEqualTo("other bob");
    }

    @Test
    void severalSchemesChallengeTogetherAndTheirUsersMerge() throws Exception {
        var challenged = server.request("GET", "/either");
        assertThat(challenged.status()).isEqualTo(401);
        assertThat(challenged.headers("WWW-Authenticate")).containsExactly("Test", "Other");
        var merged = server.request("GET", "/either", "X-User-Test: name=ada", "X-User-Other: name=bob");
        assertThat(merged.body()).as("the later scheme's identity first").isEqualTo("2 bob");
    }

    @Test
    void eachSchemeAuthenticatesAtMostOncePerRequest() throws Exception {
        int before = TEST.authentications.get();
        server.request("GET", "/either", "X-User-Test: name=ada");
        assertThat(TEST.authentications.get() - before).isEqualTo(1);
    }

    @Test
    void aResourceBasedCheckInsideTheHandlerForbidsChallengesOrAllows() throws Exception {
        assertThat(server.request("GET", "/documents/ada", "X-User-Test: name=ada").body()).isEqualTo("document of ada");
        assertThat(server.request("GET", "/documents/ada", "X-User-Test: name=bob").status()).isEqualTo(403);
        var anonymous = server.request("GET", "/documents/ada");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers("WWW-Authenticate")).containsExactly("Test");
    }

    @Test
    void withoutAFallbackPolicyAPathNoRouteMatchesIs404() throws Exception {
        assertThat(server.request("GET", "/nowhere").status()).isEqualTo(404);
    }

    @Test
    void theFallbackPolicyCoversEndpointsThatSayNothingAndPathsNoRouteMatches() throws Exception {
        var authentication = Authentication.builder().addScheme("Test", new HeaderScheme("Test")).build();
        var authorization = Authorization.builder(authentication).fallbackPolicy(AuthorizationPolicy.authenticatedUser()).build();
        var app = WebApplication.create();
        app.use(authentication);
        app.use(authorization);
        app.get("/quiet", context -> "quiet");
        app.get("/health", context -> "ok").allowAnonymous();
        app.get("/roles", context -> "roles").requireAuthorization(AuthorizeData.roles("admin"));
        try (var fallback = TestServer.start(app)) {
            assertThat(fallback.request("GET", "/quiet").status()).isEqualTo(401);
            assertThat(fallback.request("GET", "/quiet", "X-User-Test: name=ada").status()).isEqualTo(200);
            assertThat(fallback.request("GET", "/health").status()).isEqualTo(200);
            assertThat(fallback.request("GET", "/nowhere").status()).as("as ASP.NET Core: no endpoint, fallback policy").isEqualTo(401);
            assertThat(fallback.request("GET", "/nowhere", "X-User-Test: name=ada").status()).isEqualTo(404);
            assertThat(fallback.request("GET", "/roles", "X-User-Test: name=ada;role=admin").status())
                    .as("an endpoint's own requirement replaces the fallback").isEqualTo(200);
        }
    }

    @Test
    void aChallengeWithNoSchemeToAnswerItIsAServerError() throws Exception {
        var authentication = Authentication.builder().addScheme("A", new HeaderScheme("A")).addScheme("B", new HeaderScheme("B")).build();
        var app = WebApplication.create();
        app.use(new ExceptionHandler(false));
        app.use(authentication);
        app.use(Authorization.builder(authentication).build());
        app.get("/user", context -> "user").requireAuthorization();
        try (var ambiguous = TestServer.start(app)) {
            assertThat(ambiguous.request("GET", "/user").status()).isEqualTo(500);
        }
    }

    @Test
    void aDefaultSchemeThatIsNotRegisteredStopsTheBuild() {
        var builder = Authentication.builder().addScheme("A", new HeaderScheme("A")).defaultChallengeScheme("B");
        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'B' is not registered");
    }

    @Test
    void aPolicyWithoutRequirementsIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthorizationPolicy.builder().addAuthenticationSchemes("A").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one requirement");
        assertThat(new ScopeRequirement(List.of("a")).allowedScopes()).containsExactly("a");
    }
}
