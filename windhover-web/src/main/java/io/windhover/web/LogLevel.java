package io.windhover.web;

import java.util.Locale;

/**
 * A level as {@code Logging:LogLevel} settings name it: ASP.NET Core's names ({@code Trace},
 * {@code Debug}, {@code Information}, {@code Warning}, {@code Error}, {@code Critical},
 * {@code None}), and the SLF4J/logback spellings Java users write ({@code info}, {@code warn},
 * {@code off}), ignoring case.
 */
enum LogLevel {
    TRACE, DEBUG, INFORMATION, WARNING, ERROR,
    /** ASP.NET Core's level above Error; SLF4J has none, so it is logged as ERROR. */
    CRITICAL,
    /** Nothing logged. */
    NONE;

    /** The level {@code text} names, or null for none. */
    static LogLevel parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> TRACE;
            case "debug" -> DEBUG;
            case "information", "info" -> INFORMATION;
            case "warning", "warn" -> WARNING;
            case "error" -> ERROR;
            case "critical" -> CRITICAL;
            case "none", "off" -> NONE;
            default -> null;
        };
    }
}
