package io.windhover.web.controller;

/** How long a controller instance lives. */
public enum Lifetime {
    /** A new instance for each request, as ASP.NET Core makes controllers: state never leaks between requests. */
    PER_REQUEST,
    /** One instance, made for the first request and shared by all after it: it must be thread-safe. */
    SINGLETON
}
