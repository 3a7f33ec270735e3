package io.windhover.web;

/**
 * One step of the request pipeline: it may act before and after the rest ({@code next}), or answer
 * itself and not call it (short-circuit). ASP.NET Core's middleware.
 *
 * <pre>{@code
 * app.use((context, next) -> {
 *     long start = System.nanoTime();
 *     next.handle(context);
 *     log.info("{} took {} µs", context.request().path(), (System.nanoTime() - start) / 1000);
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {

    void invoke(WebContext context, RequestDelegate next) throws Exception;
}
