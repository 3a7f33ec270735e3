package io.windhover.web.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed route template such as {@code /todos/{id:int}}: segments between slashes, each a
 * literal or one parameter. Parameters are {@code {name}}, optional {@code {name?}}, with a default
 * {@code {name=value}}, constrained {@code {name:int}} (constraints chain: {@code {n:int:min(1)}}),
 * or catch-all {@code {*rest}} (the rest of the path, slashes included; last segment only).
 * ASP.NET Core's template syntax, without its complex segments (literal text and parameters mixed
 * in one segment), which are refused.
 *
 * <pre>{@code
 * RouteTemplate template = RouteTemplate.parse("/files/{*path}");
 * }</pre>
 *
 * @param text the template as written
 * @param segments its segments, in order
 */
public record RouteTemplate(String text, List<Segment> segments) {

    /** One segment of a template. */
    public sealed interface Segment permits Literal, Parameter {
    }

    /** Text that must equal the path segment, ignoring case. */
    public record Literal(String text) implements Segment {
    }

    /**
     * A parameter: its name, whether it may be absent, its default when absent (or null), whether it
     * takes the rest of the path, and its constraints.
     */
    public record Parameter(String name, boolean optional, String defaultValue, boolean catchAll,
            List<RouteConstraint> constraints) implements Segment {

        /** The constraints as written, joined: parameters with the same signature match the same values. */
        String signature() {
            var text = new StringBuilder(catchAll ? "*" : "");
            for (RouteConstraint constraint : constraints) {
                text.append(':').append(constraint.text().toLowerCase(java.util.Locale.ROOT));
            }
            return text.toString();
        }
    }

    public RouteTemplate {
        segments = List.copyOf(segments);
    }

    /**
     * Parses {@code text}; a missing leading slash is added.
     *
     * @throws IllegalArgumentException naming the template and what is wrong with it
     */
    public static RouteTemplate parse(String text) {
        String path = text.startsWith("/") ? text.substring(1) : text;
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (!path.isEmpty()) {
            List<String> parts = split(text, path);
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i);
                boolean last = i == parts.size() - 1;
                if (part.isEmpty()) {
                    if (last) {
                        break; // a trailing slash: "/todos/" is "/todos"
                    }
                    throw error(text, "an empty segment (two slashes)");
                }
                if (part.startsWith("{") && part.endsWith("}") && !part.startsWith("{{")) {
                    Parameter parameter = parameter(text, part.substring(1, part.length() - 1));
                    if (!names.add(parameter.name().toLowerCase(java.util.Locale.ROOT))) {
                        throw error(text, "the parameter '" + parameter.name() + "' appears twice");
                    }
                    if ((parameter.catchAll() || parameter.optional() || parameter.defaultValue() != null) && !last) {
                        throw error(text, "only the last segment may be optional, have a default or catch all");
                    }
                    segments.add(parameter);
                } else if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
                    throw error(text, "'" + part + "' mixes text and a parameter in one segment; give each its own segment");
                } else {
                    segments.add(new Literal(part));
                }
            }
        }
        return new RouteTemplate(text.startsWith("/") ? text : "/" + text, segments);
    }

    /** Splits at slashes outside braces: a regex constraint may contain a slash. */
    private static List<String> split(String text, String path) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '/' && depth == 0) {
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw error(text, "unbalanced braces");
        }
        parts.add(path.substring(start));
        return parts;
    }

    private static Parameter parameter(String template, String body) {
        boolean catchAll = false;
        if (body.startsWith("**")) {
            catchAll = true;
            body = body.substring(2);
        } else if (body.startsWith("*")) {
            catchAll = true;
            body = body.substring(1);
        }
        int nameEnd = 0;
        while (nameEnd < body.length() && ":?=".indexOf(body.charAt(nameEnd)) < 0) {
            nameEnd++;
        }
        String name = body.substring(0, nameEnd);
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            throw error(template, "'{" + body + "}' needs a name of letters, digits, '_' or '-'");
        }
        String rest = body.substring(nameEnd);
        boolean optional = false;
        String defaultValue = null;
        List<RouteConstraint> constraints = new ArrayList<>();
        while (rest.startsWith(":")) {
            int end = constraintEnd(rest, 1);
            constraints.add(RouteConstraint.parse(rest.substring(1, end)));
            rest = rest.substring(end);
        }
        if (rest.equals("?")) {
            optional = true;
        } else if (rest.startsWith("=")) {
            defaultValue = rest.substring(1);
        } else if (!rest.isEmpty()) {
            throw error(template, "unexpected '" + rest + "' in '{" + body + "}'");
        }
        if (catchAll && optional) {
            throw error(template, "a catch-all parameter is optional already; drop the '?'");
        }
        return new Parameter(name, optional, defaultValue, catchAll, constraints);
    }

    /** Where a constraint starting at {@code from} ends: the next ':', '?' or '=' outside parentheses. */
    private static int constraintEnd(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && (c == ':' || c == '?' || c == '=')) {
                return i;
            }
        }
        return text.length();
    }

    private static IllegalArgumentException error(String template, String problem) {
        return new IllegalArgumentException("route template '" + template + "': " + problem);
    }

    @Override
    public String toString() {
        return text;
    }
}
