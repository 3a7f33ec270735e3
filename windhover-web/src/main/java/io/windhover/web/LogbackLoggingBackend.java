package io.windhover.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;

/** Levels set on logback's loggers, which take effect on the next event (logback reads them per call). */
final class LogbackLoggingBackend implements LoggingBackend {

    private final LoggerContext context;

    LogbackLoggingBackend(LoggerContext context) {
        this.context = context;
    }

    static LogbackLoggingBackend of(ILoggerFactory factory) {
        return new LogbackLoggingBackend((LoggerContext) factory);
    }

    @Override
    public LogLevel ownLevel(String category) {
        Level level = context.getLogger(category).getLevel();
        if (level == null) {
            return null;
        }
        return switch (level.toInt()) {
            case Level.ALL_INT, Level.TRACE_INT -> LogLevel.TRACE;
            case Level.DEBUG_INT -> LogLevel.DEBUG;
            case Level.INFO_INT -> LogLevel.INFORMATION;
            case Level.WARN_INT -> LogLevel.WARNING;
            case Level.ERROR_INT -> LogLevel.ERROR;
            default -> LogLevel.NONE;
        };
    }

    @Override
    public void setLevel(String category, LogLevel level) {
        context.getLogger(category).setLevel(level == null ? null : switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFORMATION -> Level.INFO;
            case WARNING -> Level.WARN;
            case ERROR, CRITICAL -> Level.ERROR;
            case NONE -> Level.OFF;
        });
    }
}
