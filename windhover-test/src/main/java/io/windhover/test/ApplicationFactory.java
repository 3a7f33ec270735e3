package io.windhover.test;

import io.windhover.web.WebApplication;

/**
 * How the application under test is made: the same method its {@code main} calls, given the
 * command-line arguments the test host adds ({@code --Key=value} settings, the URLs), so a test
 * runs the application's own wiring. Not started: the host starts it.
 *
 * <pre>{@code
 * public static WebApplication create(String... args) { var app = WebApplication.create(args); ...; return app; }
 * public static void main(String[] args) throws Exception { create(args).run(); }
 * }</pre>
 */
@FunctionalInterface
public interface ApplicationFactory {

    WebApplication create(String... args) throws Exception;
}
