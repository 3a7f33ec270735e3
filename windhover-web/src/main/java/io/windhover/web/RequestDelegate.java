package io.windhover.web;

/** What serves a request: the rest of a middleware pipeline as one step sees it, or its end. */
@FunctionalInterface
public interface RequestDelegate {

    void handle(WebContext context) throws Exception;
}
