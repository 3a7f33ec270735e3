package io.windhover.web;

import org.slf4j.LoggerFactory;

/**
 * The logging implementation behind SLF4J, as far as levels go: SLF4J's API reads levels but has
 * no way to set them, so changing one live means speaking to the implementation. Logback is the one
 * supported (the samples use it, as Spring Boot does); with any other binding
 * {@code Logging:LogLevel} settings are reported once and otherwise ignored.
 */
interface LoggingBackend {

    /** The level {@code category} has of its own now (null: it inherits), so that it can be put back. */
    LogLevel ownLevel(String category);

    /** Sets {@code category}'s level; null makes it inherit its parent's again. */
    void setLevel(String category, LogLevel level);

    /** The logger that stands for every category: ASP.NET Core's {@code Default}. */
    String ROOT = org.slf4j.Logger.ROOT_LOGGER_NAME;

    /** The backend SLF4J is bound to, or null when it is one whose levels cannot change. */
    static LoggingBackend detect() {
        var factory = LoggerFactory.getILoggerFactory();
        // By name, so that without logback on the path its class is never loaded.
        if (factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return LogbackLoggingBackend.of(factory);
        }
        return null;
    }

    /** What SLF4J is bound to, for the message that says levels cannot change. */
    static String bindingName() {
        return LoggerFactory.getILoggerFactory().getClass().getName();
    }
}
