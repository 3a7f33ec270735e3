package io.windhover.web.routing;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A condition a route parameter's value must meet for its route to match, written after the name
 * in a template: {@code {id:int}}, {@code {age:range(18,120)}}, {@code {code:regex(^[a-z]{{2}}$)}}.
 * The same constraints as ASP.NET Core's routing; a value that fails one makes the route not match
 * (so another route, or 404, answers), it is not a binding error.
 *
 * @param text the constraint as written, such as {@code min(1)}: two constraints are the same when
 *     their texts are, which is how ambiguous routes are told apart from different ones
 */
public record RouteConstraint(String text, Check check) {

    /** RFC 9562 §4's 8-4-4-4-12 hex digits; {@link UUID#fromString} takes more ({@code +0000000-...}). */
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The test itself. */
    @FunctionalInterface
    public interface Check {
        boolean matches(String value);
    }

    public boolean matches(String value) {
        return check.matches(value);
    }

    /**
     * Parses one constraint.
     *
     * @throws IllegalArgumentException for an unknown constraint or malformed arguments
     */
    public static RouteConstraint parse(String text) {
        int open = text.indexOf('(');
        String name = (open < 0 ? text : text.substring(0, open)).toLowerCase(Locale.ROOT);
        String argument = null;
        if (open >= 0) {
            if (!text.endsWith(")")) {
                throw new IllegalArgumentException("constraint '" + text + "' has no closing parenthesis");
            }
            argument = text.substring(open + 1, text.length() - 1);
        }
        Check check = switch (name) {
            case "int" -> noArgument(text, argument, value -> parses(value, Integer::parseInt));
            case "long" -> noArgument(text, argument, value -> parses(value, Long::parseLong));
            case "double", "decimal" -> noArgument(text, argument, value -> parses(value, Double::parseDouble) && isDecimal(value));
            case "bool" -> noArgument(text, argument, value -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"));
            case "guid" -> noArgument(text, argument, value -> CANONICAL_UUID.matcher(value).matches());
            case "alpha" -> noArgument(text, argument, value -> !value.isEmpty() && value.chars().allMatch(
                    c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
            case "min" -> {
                long min = longArgument(text, argument);
                yield value -> parses(value, Long::parseLong) && Long.parseLong(value) >= min;
            }
            case "max" -> {
                long max = longArgument(text, argument);
                yield value -> parses(value, Long::parseLong) && Long.parseLong(value) <= max;
            }
            case "range" -> {
                long[] bounds = twoLongs(text, argument);
                yield value -> parses(value, Long::parseLong)
                        && Long.parseLong(value) >= bounds[0] && Long.parseLong(value) <= bounds[1];
            }
            case "length" -> {
                if (argument != null && argument.contains(",")) {
                    long[] bounds = twoLongs(text, argument);
                    yield value -> value.length() >= bounds[0] && value.length() <= bounds[1];
                }
                long length = longArgument(text, argument);
                yield value -> value.length() == length;
            }
            case "minlength" -> {
                long min = longArgument(text, argument);
                yield value -> value.length() >= min;
            }
            case "maxlength" -> {
                long max = longArgument(text, argument);
                yield value -> value.length() <= max;
            }
            case "regex" -> {
                if (argument == null || argument.isEmpty()) {
                    throw new IllegalArgumentException("constraint '" + text + "' needs a pattern");
                }
                // Braces are doubled in templates ({{ }}) so that they are not read as parameters.
                Pattern pattern = Pattern.compile(argument.replace("{{", "{").replace("}}", "}"), Pattern.CASE_INSENSITIVE);
                yield value -> pattern.matcher(value).find();
            }
            default -> throw new IllegalArgumentException("unknown route constraint '" + text + "'; known: int, long, double,"
                    + " decimal, bool, guid, alpha, min(n), max(n), range(a,b), length(n), length(a,b), minlength(n),"
                    + " maxlength(n), regex(pattern)");
        };
        return new RouteConstraint(text, check);
    }

    private interface Parser {
        Object parse(String value);
    }

    private static boolean parses(String value, Parser parser) {
        try {
            parser.parse(value);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Digits with an optional sign and point: not Java's extras such as {@code NaN}, {@code 1e3} or {@code 0x1p3}. */
    private static boolean isDecimal(String value) {
        return value.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)");
    }

    private static Check noArgument(String text, String argument, Check check) {
        if (argument != null) {
            throw new IllegalArgumentException("constraint '" + text + "' takes no argument");
        }
        return check;
    }

    private static long longArgument(String text, String argument) {
        try {
            return Long.parseLong(argument == null ? "" : argument.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("constraint '" + text + "' needs a whole number");
        }
    }

    private static long[] twoLongs(String text, String argument) {
        String[] parts = argument == null ? new String[0] : argument.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("constraint '" + text + "' needs two whole numbers");
        }
        long[] bounds = {longArgument(text, parts[0]), longArgument(text, parts[1])};
        if (bounds[0] > bounds[1]) {
            throw new IllegalArgumentException("constraint '" + text + "': the lower bound is above the upper");
        }
        return bounds;
    }
}
