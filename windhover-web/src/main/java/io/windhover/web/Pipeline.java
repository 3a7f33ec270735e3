package io.windhover.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A sequence of middleware, composed once into one {@link RequestDelegate}: registration order is
 * execution order. What a branch configures ({@link WebApplication#map}, {@link WebApplication#when}).
 */
public final class Pipeline {

    private final List<Middleware> steps = new ArrayList<>();
    private RequestDelegate terminal;

    Pipeline() {
    }

    /** Adds a step. */
    public Pipeline use(Middleware middleware) {
        steps.add(Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    /** Ends the pipeline here: what comes after this branch does not run. */
    public Pipeline run(RequestDelegate terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        return this;
    }

    /** Runs {@code branch} for requests whose path is {@code prefix} or below it; others go on. */
    public Pipeline map(String prefix, Consumer<Pipeline> branch) {
        String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return when(context -> {
            String path = context.request().path();
            return path.regionMatches(true, 0, base, 0, base.length())
                    && (path.length() == base.length() || path.charAt(base.length()) == '/');
        }, branch);
    }

    /** Runs {@code branch} for requests that {@code predicate} accepts; others go on. */
    public Pipeline when(Predicate<WebContext> predicate, Consumer<Pipeline> branch) {
        var sub = new Pipeline();
        branch.accept(sub);
        // Composed lazily, once, when the whole pipeline is: the branch rejoins the main one after it.
        var composed = new RequestDelegate[1];
        return use((context, next) -> {
            if (!predicate.test(context)) {
                next.handle(context);
                return;
            }
            if (composed[0] == null) {
                composed[0] = sub.compose(next);
            }
            composed[0].handle(context);
        });
    }

    /** The steps around {@code end}, first step outermost; a terminal set by {@link #run} replaces {@code end}. */
    RequestDelegate compose(RequestDelegate end) {
        RequestDelegate next = terminal != null ? terminal : end;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Middleware step = steps.get(i);
            RequestDelegate rest = next;
            next = context -> step.invoke(context, rest);
        }
        return next;
    }
}
