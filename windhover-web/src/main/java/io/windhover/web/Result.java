package io.windhover.web;

import java.io.IOException;

/** A response an endpoint returns, written when it runs. Made by {@link Results}. */
@FunctionalInterface
public interface Result {

    void execute(WebContext context) throws IOException;
}
