package io.windhover.auth;

import io.windhover.web.Claim;
import io.windhover.web.ClaimsIdentity;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.WebContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheme for tests of the authentication and authorization machinery apart from any credential
 * format: the request's {@code X-User-<name>} header lists claims as {@code type=value;...}
 * ({@code X-User-Test: name=ada;role=admin}); {@code refused} is a failure. Its challenge is 401
 * with {@code WWW-Authenticate: <name>} and the failure's message, if any.
 */
final class HeaderScheme implements AuthenticationHandler {

    private final String name;
    final AtomicInteger authentications = new AtomicInteger();

    HeaderScheme(String name) {
        this.name = name;
    }

    @Override
    public AuthenticateResult authenticate(WebContext context) {
        authentications.incrementAndGet();
        String value = context.header("X-User-" + name);
        if (value == null) {
            return AuthenticateResult.noResult();
        }
        if (value.equals("refused")) {
            return AuthenticateResult.fail("refused by " + name);
        }
        List<Claim> claims = new ArrayList<>();
        for (String pair : value.split(";")) {
            int equals = pair.indexOf('=');
            claims.add(new Claim(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip(), name));
        }
        return AuthenticateResult.success(ClaimsPrincipal.of(new ClaimsIdentity(name, claims)));
    }

    @Override
    public void challenge(WebContext context, AuthenticateResult result, AuthenticationProperties properties) {
        context.response().status(401);
        context.response().headers().add("WWW-Authenticate",
                result instanceof AuthenticateResult.Failure failure ? name + " error=\"" + failure.message() + "\"" : name);
    }
}
