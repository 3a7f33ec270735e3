package io.windhover.web.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches a request's method and path to one of many routes, with a trie built once: a lookup
 * walks the path's segments, so its cost follows the path's length, not the number of routes.
 *
 * <p>Precedence, segment by segment from the left, as ASP.NET Core orders routes: a literal, then a
 * constrained parameter, then a plain one, then a catch-all; the first complete match in that
 * order wins. A path that matches only routes of other methods is {@link Match.MethodNotAllowed}
 * with their methods; {@code HEAD} is served by a {@code GET} route. Two routes that would always
 * match the same requests are refused when the router is built, not found out per request.
 *
 * <pre>{@code
 * Router<Handler> router = Router.<Handler>builder()
 *         .add("GET", "/todos/{id:int}", showTodo)
 *         .add("GET", "/todos/new", newTodoForm)       // the literal wins over {id:int}
 *         .build();
 * switch (router.match("GET", "/todos/42")) {
 *     case Router.Match.Found<Handler>(var route, var values) -> ...   // values: {id=42}
 *     case Router.Match.MethodNotAllowed<Handler>(var allowed) -> ...  // 405, Allow: allowed
 *     case Router.Match.NotFound<Handler>() -> ...                     // 404
 * }
 * }</pre>
 *
 * <p>Thread-safe once built.
 *
 * @param <T> what a route leads to (an endpoint)
 */
public final class Router<T> {

    /** Methods a route answers: one, or {@link #ANY_METHOD}. */
    public static final String ANY_METHOD = "*";

    /** One registered route. */
    public record Route<T>(String method, RouteTemplate template, T target) {
    }

    /** The outcome of a lookup. */
    public sealed interface Match<T> {
        /** The route that matched and its parameter values (decoded), defaults included. */
        record Found<T>(Route<T> route, Map<String, String> values) implements Match<T> {
        }

        /** Routes matched the path but none the method; {@code allowed} goes into the Allow header. */
        record MethodNotAllowed<T>(Set<String> allowed) implements Match<T> {
        }

        /** No route matched the path. */
        record NotFound<T>() implements Match<T> {
        }
    }

    private final Node<T> root;
    private final List<Route<T>> routes;

    private Router(Node<T> root, List<Route<T>> routes) {
        this.root = root;
        this.routes = routes;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    public List<Route<T>> routes() {
        return routes;
    }

    /** Finds the route for {@code method} and {@code path} (percent-encoded, without the query). */
    public Match<T> match(String method, String path) {
        List<String> segments = segmentsOf(path);
        var search = new Search<T>(method, segments);
        Route<T> found = search.walk(root, 0);
        if (found != null) {
            return new Match.Found<>(found, search.values(found));
        }
        if (search.allowed != null) {
            return new Match.MethodNotAllowed<>(Collections.unmodifiableSet(search.allowed));
        }
        return new Match.NotFound<>();
    }

    /** The path's segments, percent-decoded one by one, so an encoded slash stays inside its segment. */
    static List<String> segmentsOf(String path) {
        List<String> segments = new ArrayList<>();
        int start = path.startsWith("/") ? 1 : 0;
        if (start >= path.length()) {
            return segments;
        }
        while (true) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            segments.add(decode(path.substring(start, end)));
            if (slash < 0) {
                break;
            }
            start = slash + 1;
            if (start == path.length()) {
                break; // a trailing slash: "/todos/" is "/todos"
            }
        }
        return segments;
    }

    /** Percent-decoding as UTF-8; a malformed escape is kept as written. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        byte[] bytes = new byte[segment.length()];
        int length = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && hex(segment.charAt(i + 1)) >= 0 && hex(segment.charAt(i + 2)) >= 0) {
                bytes[length++] = (byte) (hex(segment.charAt(i + 1)) * 16 + hex(segment.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                return segment; // the target is ASCII by RFC 9112; anything else is left alone
            }
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * RFC 3986 §2.1 HEXDIG, ASCII only: {@link Character#digit(char, int)} also takes other scripts'
     * digits and full-width letters, which made "%2\u06F8" a '(' (found by PathDecodingFuzzTest).
     */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
            return (c | 0x20) - 'a' + 10;
        }
        return -1;
    }

    /** One position in the trie: what may come next, and the routes that end here. */
    private static final class Node<T> {
        final Map<String, Node<T>> literals = new HashMap<>();
        /** Parameter edges, constrained ones first (more constraints first), then the plain one. */
        final List<Edge<T>> parameters = new ArrayList<>();
        /** Catch-all edges, constrained ones first; each ends its routes. */
        final List<Edge<T>> catchAlls = new ArrayList<>();
        /** Routes ending here, by method. */
        final Map<String, Route<T>> ends = new LinkedHashMap<>();
    }

    /** A parameter position with one constraint signature. */
    private record Edge<T>(String signature, List<RouteConstraint> constraints, Node<T> next) {
        boolean accepts(String value) {
            if (value.isEmpty()) {
                return false;
            }
            for (RouteConstraint constraint : constraints) {
                if (!constraint.matches(value)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One lookup's state: the depth-first walk in precedence order, the values captured on the way. */
    private static final class Search<T> {
        final String method;
        final List<String> segments;
        /** Methods of routes that matched the path but not the method; made on the first such route. */
        Set<String> allowed;
        String catchAllValue;

        Search(String method, List<String> segments) {
            this.method = method;
            this.segments = segments;
        }

        Route<T> walk(Node<T> node, int depth) {
            if (depth == segments.size()) {
                Route<T> here = endpoint(node.ends);
                if (here != null) {
                    return here;
                }
                for (Edge<T> catchAll : node.catchAlls) {
                    if (catchAll.constraints().isEmpty()) { // an empty rest passes no constraint
                        Route<T> route = endpoint(catchAll.next().ends);
                        if (route != null) {
                            catchAllValue = "";
                            return route;
                        }
                    }
                }
                return null;
            }
            String segment = segments.get(depth);
            Node<T> literal = node.literals.get(segment.toLowerCase(Locale.ROOT));
            if (literal != null) {
                Route<T> route = walk(literal, depth + 1);
                if (route != null) {
                    return route;
                }
            }
            for (Edge<T> parameter : node.parameters) {
                if (parameter.accepts(segment)) {
                    Route<T> route = walk(parameter.next(), depth + 1);
                    if (route != null) {
                        return route;
                    }
                }
            }
            if (!node.catchAlls.isEmpty()) {
                String rest = String.join("/", segments.subList(depth, segments.size()));
                for (Edge<T> catchAll : node.catchAlls) {
                    if (catchAll.accepts(rest)) {
                        Route<T> route = endpoint(catchAll.next().ends);
                        if (route != null) {
                            catchAllValue = rest;
                            return route;
                        }
                    }
                }
            }
            return null;
        }

        /** The route for this method among those ending here; notes the others' methods for a 405. */
        private Route<T> endpoint(Map<String, Route<T>> ends) {
            if (ends.isEmpty()) {
                return null;
            }
            Route<T> route = ends.get(method);
            if (route == null && method.equals("HEAD")) {
                route = ends.get("GET");
            }
            if (route == null) {
                route = ends.get(ANY_METHOD);
            }
            if (route == null) {
                if (allowed == null) {
                    allowed = new TreeSet<>();
                }
                allowed.addAll(ends.keySet());
                if (ends.containsKey("GET")) {
                    allowed.add("HEAD");
                }
            }
            return route;
        }

        /** The matched route's parameter values, from the segments and the template's defaults. */
        Map<String, String> values(Route<T> route) {
            Map<String, String> values = new LinkedHashMap<>();
            List<RouteTemplate.Segment> template = route.template().segments();
            for (int i = 0; i < template.size(); i++) {
                if (template.get(i) instanceof RouteTemplate.Parameter parameter) {
                    String value = parameter.catchAll() ? catchAllValue : i < segments.size() ? segments.get(i) : null;
                    if (value == null) {
                        value = parameter.defaultValue();
                    }
                    if (value != null) {
                        values.put(parameter.name(), value);
                    }
                }
            }
            return Collections.unmodifiableMap(values);
        }
    }

    /** Collects routes, then builds the trie; refuses ambiguous pairs. */
    public static final class Builder<T> {
        private final Node<T> root = new Node<>();
        private final List<Route<T>> routes = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a route for {@code method} ({@link #ANY_METHOD} for all).
         *
         * @throws IllegalArgumentException if the template is malformed
         * @throws IllegalStateException if an earlier route would always match the same requests
         */
        public Builder<T> add(String method, String template, T target) {
            return add(method, RouteTemplate.parse(template), target);
        }

        public Builder<T> add(String method, RouteTemplate template, T target) {
            Objects.requireNonNull(target, "target");
            var route = new Route<>(method.toUpperCase(Locale.ROOT), template, target);
            insert(root, template.segments(), 0, route);
            routes.add(route);
            return this;
        }

        private void insert(Node<T> node, List<RouteTemplate.Segment> segments, int depth, Route<T> route) {
            if (depth == segments.size()) {
                end(node, route);
                return;
            }
            switch (segments.get(depth)) {
                case RouteTemplate.Literal literal -> insert(
                        node.literals.computeIfAbsent(literal.text().toLowerCase(Locale.ROOT), key -> new Node<>()),
                        segments, depth + 1, route);
                case RouteTemplate.Parameter parameter when parameter.catchAll() -> end(edge(node.catchAlls, parameter).next(), route);
                case RouteTemplate.Parameter parameter -> {
                    if (parameter.optional() || parameter.defaultValue() != null) {
                        end(node, route); // absent: the route ends one segment early
                    }
                    insert(edge(node.parameters, parameter).next(), segments, depth + 1, route);
                }
            }
        }

        private Edge<T> edge(List<Edge<T>> edges, RouteTemplate.Parameter parameter) {
            String signature = parameter.signature();
            for (Edge<T> edge : edges) {
                if (edge.signature().equals(signature)) {
                    return edge;
                }
            }
            var edge = new Edge<>(signature, parameter.constraints(), new Node<T>());
            edges.add(edge);
            // Constrained before plain, more constraints before fewer: the more specific is tried first.
            edges.sort((a, b) -> Integer.compare(b.constraints().size(), a.constraints().size()));
            return edge;
        }

        private void end(Node<T> node, Route<T> route) {
            Route<T> earlier = node.ends.putIfAbsent(route.method(), route);
            if (earlier != null) {
                throw new IllegalStateException("ambiguous routes: '" + earlier.method() + " " + earlier.template()
                        + "' and '" + route.method() + " " + route.template() + "' match the same requests");
            }
        }

        public Router<T> build() {
            return new Router<>(root, List.copyOf(routes));
        }
    }
}
