package io.windhover.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What went wrong reading a JSON body, said in JSON's terms for the client who sent it: the field
 * by its path ({@code 'items[2].name'}), what it must be (a string, a number, an object), and where
 * ({@code line 1, column 10}). Jackson's own messages name Java types
 * ({@code Cannot construct instance of `io.windhover...TodoApp$TodoInput`}), which a 400's detail
 * must not leak, so only its syntax messages, which speak of characters, are passed on.
 */
final class JacksonErrorMessage {

    private static final int MAX_VALUE_LENGTH = 40;

    private JacksonErrorMessage() {
    }

    static String of(JsonProcessingException e) {
        return switch (e) {
            case InvalidFormatException invalid -> field(invalid) + " must be " + kind(invalid.getTargetType())
                    + ", not " + json(invalid.getValue()) + where(e);
            case MismatchedInputException mismatched when isTrailingToken(mismatched) -> "more JSON after the value" + where(e);
            case MismatchedInputException mismatched -> field(mismatched) + " must be " + kind(mismatched.getTargetType()) + where(e);
            case JsonMappingException mapping when mapping.getCause() instanceof StreamReadException cause ->
                    field(mapping) + ": " + syntax(cause) + where(e);
            case JsonMappingException mapping -> field(mapping) + " is not a valid value" + where(e);
            case StreamReadException syntax -> "malformed JSON" + where(e) + ": " + syntax(syntax);
            default -> "malformed JSON" + where(e);
        };
    }

    /** Jackson raises FAIL_ON_TRAILING_TOKENS as a mismatch at the root; only its message tells it apart. */
    private static boolean isTrailingToken(MismatchedInputException e) {
        return e.getPath().isEmpty() && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token");
    }

    /** {@code 'items[2].name'}, or {@code the body} for the value itself. */
    private static String field(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty()) {
            return "the body";
        }
        var text = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return "'" + text + "'";
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class || type.isEnum()
                || type == UUID.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The offending value as JSON, shortened. */
    private static String json(Object value) {
        String text = value instanceof String string ? "\"" + string.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                : String.valueOf(value);
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "...";
    }

    /**
     * A syntax message speaks of the input's characters ({@code Unexpected character ('}' (code
     * 125))}); one that quotes a Java type in backticks, or the source, is left out.
     */
    private static String syntax(StreamReadException e) {
        String message = e.getOriginalMessage();
        if (message != null) {
            message = message.replaceAll(" ?\\(start marker at \\[Source[^\\]]*\\]\\)", "");
        }
        if (message == null || message.indexOf('`') >= 0 || message.contains("[Source")) {
            return "unexpected input";
        }
        return message;
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
