package io.windhover.web;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Turns request text (a route value, a query or header value) into the type an endpoint asks for. */
final class Values {

    /**
     * RFC 9562 §4: the 8-4-4-4-12 hex digits. {@link UUID#fromString} also takes shorter groups
     * ({@code 1-1-1-1-1}) and signs ({@code +0000000-...}), which would name one UUID many ways.
     */
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Values() {
    }

    /**
     * {@code text} as {@code type}; null text gives null (a primitive type: a binding error).
     *
     * @throws BindingException naming {@code parameter} when the text is not a {@code type}
     */
    @SuppressWarnings("unchecked")
    static <T> T convert(String parameter, String text, Class<T> type) {
        if (text == null) {
            if (type.isPrimitive()) {
                throw new BindingException(parameter, "'" + parameter + "' is required");
            }
            return null;
        }
        try {
            Object value;
            if (type == String.class) {
                value = text;
            } else if (type == int.class || type == Integer.class) {
                value = Integer.parseInt(text);
            } else if (type == long.class || type == Long.class) {
                value = Long.parseLong(text);
            } else if (type == double.class || type == Double.class) {
                value = Double.parseDouble(text);
            } else if (type == boolean.class || type == Boolean.class) {
                value = parseBoolean(text);
            } else if (type == UUID.class) {
                value = parseUuid(text);
            } else if (type == BigDecimal.class) {
                value = new BigDecimal(text);
            } else if (type.isEnum()) {
                value = enumConstant(type, text);
            } else {
                throw new IllegalArgumentException("cannot bind request text to " + type.getName()
                        + "; use String, a number, boolean, UUID, BigDecimal or an enum");
            }
            return (T) (type.isPrimitive() ? value : type.cast(value));
        } catch (NumberFormatException | InvalidValue e) {
            throw new BindingException(parameter, "'" + parameter + "': '" + text + "' is not a valid " + type.getSimpleName());
        }
    }

    private static UUID parseUuid(String text) {
        if (!CANONICAL_UUID.matcher(text).matches()) {
            throw new InvalidValue();
        }
        return UUID.fromString(text);
    }

    private static boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidValue();
    }

    private static Object enumConstant(Class<?> type, String text) {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(text.toUpperCase(Locale.ROOT))) {
                return constant;
            }
        }
        throw new InvalidValue();
    }

    /** A value of the right shape for no constant or literal of the type. */
    private static final class InvalidValue extends RuntimeException {
        InvalidValue() {
            super(null, null, false, false);
        }
    }
}
