package io.windhover.web;

import io.windhover.server.http.HttpContext;
import io.windhover.server.http.HttpRequest;
import io.windhover.server.http.HttpResponse;
import io.windhover.web.routing.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as middleware and endpoints see it: the server's {@link HttpContext}, plus the route
 * values, the parsed query, binding to Java types, and a bag of items for middleware to pass along.
 * Valid while the request is processed; not thread-safe.
 *
 * <pre>{@code
 * app.get("/todos/{id:int}", context -> {
 *     int id = context.route("id", int.class);
 *     boolean verbose = Boolean.TRUE.equals(context.query("verbose", Boolean.class));
 *     return todos.find(id);
 * });
 * }</pre>
 */
public final class WebContext {

    private final HttpContext http;
    private final JsonCodec json;
    private FormOptions formOptions;
    private final BeanValidation validation;
    private boolean validating = true;
    private Form form;
    private List<java.nio.file.Path> temporaryFiles;
    private HttpResponse response;
    /** Set by a trusted proxy's forwarded headers; else the connection's own. */
    private SocketAddress remoteAddress;
    private String scheme;
    private String host;
    private Map<String, String> routeValues = Map.of();
    private Map<String, List<String>> query;
    private Map<String, Object> items;
    private Map<String, String> cookies;
    private final Router<RouteTarget> routes;
    private Router.Match<RouteTarget> match;
    private ClaimsPrincipal user = ClaimsPrincipal.anonymous();

    WebContext(HttpContext http, WebSettings settings) {
        this.http = http;
        this.routes = settings.routes();
        this.json = settings.json();
        this.formOptions = settings.formOptions();
        this.validation = settings.validation();
        this.response = http.response();
    }

    /** The server's view of the request and response. */
    public HttpContext http() {
        return http;
    }

    public HttpRequest request() {
        return http.request();
    }

    /** The response as the pipeline writes it: the server's, or a middleware's wrapper around it. */
    public HttpResponse response() {
        return response;
    }

    /**
     * Replaces the response the rest of the pipeline writes to, as compression does with a
     * {@link ResponseWrapper}; the middleware puts the previous one back when its turn ends.
     */
    public void response(HttpResponse replacement) {
        this.response = java.util.Objects.requireNonNull(replacement, "replacement");
    }

    /**
     * The client's address: the connection's peer, or what a trusted proxy said in forwarded
     * headers ({@link io.windhover.web.middleware.ForwardedHeaders}).
     */
    public SocketAddress remoteAddress() {
        return remoteAddress != null ? remoteAddress : http.remoteAddress();
    }

    /**
     * {@code http} or {@code https} as the client used it: the connection's own ({@code https} on a
     * TLS connection), or what a trusted proxy said in forwarded headers — a proxy that ends TLS
     * itself forwards plain HTTP, and says {@code X-Forwarded-Proto: https}.
     */
    public String scheme() {
        return scheme != null ? scheme : http.scheme();
    }

    /** The host the client asked for: the {@code Host} header, or a trusted proxy's forwarded host. */
    public String host() {
        return host != null ? host : request().headers().get("Host");
    }

    /** Overrides what the connection says about the client, for a middleware that trusts a proxy. */
    public void forwarded(SocketAddress clientAddress, String clientScheme, String clientHost) {
        if (clientAddress != null) {
            this.remoteAddress = clientAddress;
        }
        if (clientScheme != null) {
            this.scheme = clientScheme;
        }
        if (clientHost != null) {
            this.host = clientHost;
        }
    }

    /**
     * The request's user: {@link ClaimsPrincipal#anonymous()} until an authentication middleware
     * sets the one its scheme found. ASP.NET Core's {@code HttpContext.User}.
     *
     * <pre>{@code
     * app.get("/me", context -> context.user().isAuthenticated() ? "hello " + context.user().name() : "hello, stranger");
     * }</pre>
     */
    public ClaimsPrincipal user() {
        return user;
    }

    /** Replaces the request's user; for authentication middleware. */
    public void user(ClaimsPrincipal principal) {
        this.user = java.util.Objects.requireNonNull(principal, "principal");
    }

    /**
     * The metadata of the endpoint that routing will run for this request (its groups' and its
     * own, {@link EndpointMetadataCollection}), or {@link EndpointMetadataCollection#empty()} when no route matches the
     * method and path. ASP.NET Core's {@code GetEndpoint()?.Metadata}: middleware such as
     * authorization decides by it before the endpoint runs. The route is matched once, on the first
     * call here or at the end of the pipeline.
     */
    public EndpointMetadataCollection endpointMetadata() {
        return match() instanceof Router.Match.Found<RouteTarget> found ? found.route().target().metadata()
                : EndpointMetadataCollection.empty();
    }

    /** The request's route match, made on first need. */
    Router.Match<RouteTarget> match() {
        if (match == null) {
            match = routes.match(request().method(), request().path());
        }
        return match;
    }

    /** The matched route's parameter values (decoded), defaults included; empty before routing. */
    public Map<String, String> routeValues() {
        return routeValues;
    }

    void routeValues(Map<String, String> values) {
        this.routeValues = values;
    }

    /** A route value as text, or null. */
    public String route(String name) {
        return routeValues.get(name);
    }

    /** A route value as {@code type}; a missing or malformed value is a {@link BindingException} (400). */
    public <T> T route(String name, Class<T> type) {
        String text = routeValues.get(name);
        if (text == null) {
            throw new BindingException(name, "the route has no value '" + name + "'");
        }
        return Values.convert(name, text, type);
    }

    /** The first value of query parameter {@code name}, decoded, or null. */
    public String query(String name) {
        List<String> values = queryValues().get(name);
        return values == null ? null : values.getFirst();
    }

    /** Query parameter {@code name} as {@code type}; absent gives null, except for a primitive type (400). */
    public <T> T query(String name, Class<T> type) {
        return Values.convert(name, query(name), type);
    }

    /** Every value of query parameter {@code name}, in order. */
    public List<String> queryAll(String name) {
        return queryValues().getOrDefault(name, List.of());
    }

    /** The query, parsed once: {@code a=1&b=x+y&a=2} → {@code {a=[1, 2], b=[x y]}}. */
    public Map<String, List<String>> queryValues() {
        if (query == null) {
            query = parseQuery(request().query());
        }
        return query;
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String text = raw.startsWith("?") ? raw.substring(1) : raw;
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text; // a stray '%': kept as written
        }
    }

    /**
     * A record of the request's parameters, ASP.NET Core's {@code [AsParameters]}: each component
     * is bound by its name from the route values, else the query, as {@link #route(String, Class)}
     * and {@link #query(String, Class)} bind one value ({@code List<String>} takes every value of a
     * repeated query parameter), then the record is validated ({@link #validated(Object)}).
     *
     * <pre>{@code
     * record TodoFilter(Boolean done, @Min(1) @Max(100) Integer pageSize, List<String> tag) {}
     * TodoFilter filter = context.parameters(TodoFilter.class);   // ?done=true&pageSize=20&tag=a&tag=b
     * }</pre>
     *
     * @throws BindingException (400) naming the parameter that is missing (for a primitive) or malformed
     * @throws ValidationFailedException (400) when the record breaks its constraints
     * @throws IllegalArgumentException when {@code type} is not a record, or a component's type cannot be bound
     */
    public <T extends Record> T parameters(Class<T> type) {
        var components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            types[i] = components[i].getType();
            if (types[i] == List.class) {
                values[i] = routeValues.containsKey(name) ? List.of(routeValues.get(name)) : queryAll(name);
            } else {
                String text = routeValues.containsKey(name) ? routeValues.get(name) : query(name);
                values[i] = Values.convert(name, text, types[i]);
            }
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.trySetAccessible(); // a public record needs it not; a nested private one in an open package does
            return validated(constructor.newInstance(values));
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // the record's own check refused the values
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type.getName() + ": " + e, e);
        }
    }

    /** A request header's first value, or null. */
    public String header(String name) {
        return request().headers().get(name);
    }

    /** A request header as {@code type}; absent gives null, except for a primitive type (400). */
    public <T> T header(String name, Class<T> type) {
        return Values.convert(name, header(name), type);
    }

    /**
     * The request body read as JSON into {@code type} (a record, a bean, a collection type).
     *
     * <p>The request must say it is JSON: {@code Content-Type: application/json}, or a type with
     * the {@code +json} suffix such as {@code application/merge-patch+json}; another type is
     * {@code 415 Unsupported Media Type}, as in ASP.NET Core. So is a body with no
     * {@code Content-Type} at all: RFC 9110 §8.3 lets a recipient assume
     * {@code application/octet-stream} then, and requiring the JSON type means a cross-origin page
     * cannot post JSON without the browser's CORS preflight (a body with no type, or
     * {@code text/plain}, goes without one).
     *
     * <p>The value is then validated ({@link #validated(Object)}): a record with
     * {@code @NotBlank String title} and a blank title is a 400 with {@code errors.title}.
     *
     * @throws BindingException (400) for an empty body or malformed JSON
     * @throws ValidationFailedException (400) when the value breaks its constraints
     * @throws BadHttpRequestException (415) for a body that is not declared JSON; when the server
     *     refuses the body as it is read: over the request's {@link HttpRequest#maxBodySize() size
     *     limit} (413), malformed chunked framing (400)
     */
    public <T> T body(Class<T> type) throws IOException {
        String contentType = header("Content-Type");
        if (contentType != null && !isJson(contentType)) {
            throw new BadHttpRequestException(415, "expected a JSON body (Content-Type: application/json), not '"
                    + contentType.strip() + "'", null);
        }
        byte[] bytes = readBody();
        if (bytes.length == 0) {
            throw new BindingException("body", "the request has no body; expected JSON");
        }
        if (contentType == null) {
            throw new BadHttpRequestException(415, "the body has no Content-Type; expected application/json", null);
        }
        try {
            T value = json.read(new java.io.ByteArrayInputStream(bytes), type);
            if (value == null) {
                throw new BindingException("body", "the body is JSON null; expected a value");
            }
            return validated(value);
        } catch (IOException e) {
            // The codec's message, never the type's name: a 400's detail reaches any client.
            throw new BindingException("body", "the JSON body cannot be read: " + firstLine(e.getMessage()), e);
        }
    }

    /** {@code application/json} or a {@code +json} type (RFC 6839 §3.1), parameters such as charset aside. */
    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        int slash = mediaType.indexOf('/');
        return slash > 0 && (mediaType.equals("application/json") || mediaType.endsWith("+json"));
    }

    private byte[] readBody() throws IOException {
        try (InputStream in = request().body()) {
            var out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            BadHttpRequestException bad = BadHttpRequestException.in(e);
            if (bad != null) {
                throw bad;
            }
            throw e;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Writes {@code value} as the JSON body with {@code contentType}. */
    void writeJson(Object value, String contentType) throws IOException {
        byte[] body = json.write(value);
        response().headers().set("Content-Type", contentType);
        response().body().write(body);
    }

    /**
     * The request's cookies by name, parsed once from its {@code Cookie} fields as browsers send
     * them ({@link RequestCookies}); unmodifiable.
     */
    public Map<String, String> cookies() {
        if (cookies == null) {
            List<String> fields = request().headers().getAll("Cookie");
            cookies = fields.isEmpty() ? Map.of() : RequestCookies.parse(fields);
        }
        return cookies;
    }

    /** The request cookie {@code name}'s value, decoded, or null. */
    public String cookie(String name) {
        return cookies().get(name);
    }

    /**
     * Adds a {@code Set-Cookie} field for {@code cookie} to the response.
     *
     * <pre>{@code
     * context.cookie(Cookie.builder("theme", "dark").path("/").maxAge(Duration.ofDays(365)).build());
     * }</pre>
     */
    public void cookie(Cookie cookie) {
        response().headers().add("Set-Cookie", cookie.toSetCookie());
    }

    /** Tells the client to delete cookie {@code name} set with {@code Path=/} and no domain. */
    public void deleteCookie(String name) {
        cookie(Cookie.builder(name, "").path("/").build().deletion());
    }

    /** Tells the client to delete {@code cookie}, matched by its name, path and domain. */
    public void deleteCookie(Cookie cookie) {
        cookie(cookie.deletion());
    }

    /** The limits {@link #form()} and {@link #multipart()} read within: the application's, unless changed for this request. */
    public FormOptions formOptions() {
        return formOptions;
    }

    /**
     * Other form limits for this request, before its form is read: an upload endpoint raises the
     * body length (and the server's {@link HttpRequest#maxBodySize(long)}).
     */
    public void formOptions(FormOptions options) {
        this.formOptions = java.util.Objects.requireNonNull(options, "options");
    }

    /**
     * The form body, read whole on the first call: {@code application/x-www-form-urlencoded}, or
     * {@code multipart/form-data} whose files are written to temporary files as they arrive and
     * deleted when the request ends, however it ends.
     *
     * <pre>{@code
     * Form form = context.form();
     * String title = form.value("title");
     * FormFile upload = form.file("file");       // null when none was sent
     * }</pre>
     *
     * @throws BadHttpRequestException 415 for another content type; 413 over
     *     {@link FormOptions#bodyLengthLimit()} (or the server's body limit); 400 for a malformed body
     *     or another limit crossed, saying which
     */
    public Form form() throws IOException {
        if (form == null) {
            String contentType = header("Content-Type");
            String mediaType = mediaType(contentType);
            var reader = new FormReader(formOptions, this::deleteAtEnd);
            try (InputStream body = formBody()) {
                if (mediaType.equals("application/x-www-form-urlencoded")) {
                    form = reader.readUrlEncoded(body);
                } else if (mediaType.equals("multipart/form-data")) {
                    form = reader.readMultipart(MultipartReader.of(body, contentType, formOptions));
                } else {
                    throw notAForm(contentType);
                }
            } catch (IOException e) {
                throw badRequestOr(e);
            }
        }
        return form;
    }

    /**
     * The form's fields bound to {@code type} (a record or a bean) by name, through the JSON codec:
     * a field sent once is a string, sent more than once (or bound to a record's collection) a list, and text is read as the
     * component's type ({@code "7"} as an {@code int}, {@code "true"} as a boolean).
     *
     * <pre>{@code
     * record Signup(String email, int age, List<String> topics) {}
     * Signup signup = context.form(Signup.class);
     * }</pre>
     *
     * @throws BindingException (400) when a field cannot become its component's type
     * @throws ValidationFailedException (400) when the value breaks its constraints
     */
    public <T> T form(Class<T> type) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        java.util.Set<String> lists = listComponents(type);
        form().fields().forEach((name, list) -> values.put(name, list.size() == 1 && !lists.contains(name) ? list.getFirst() : list));
        try {
            return validated(json.read(new java.io.ByteArrayInputStream(json.write(values)), type));
        } catch (IOException e) {
            throw new BindingException("form", "the form cannot be read: " + firstLine(e.getMessage()), e);
        }
    }

    /** A record's components that hold several values (a collection or an array): a field sent once is still a list for them. */
    private static java.util.Set<String> listComponents(Class<?> type) {
        if (!type.isRecord()) {
            return java.util.Set.of();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (var component : type.getRecordComponents()) {
            if (component.getType().isArray() || java.util.Collection.class.isAssignableFrom(component.getType())) {
                names.add(component.getName());
            }
        }
        return names;
    }

    /**
     * The {@code multipart/form-data} body as parts to read one at a time as they arrive, each
     * part's body a stream: for uploads to pass straight through to where they go, never held
     * whole in memory nor written to a temporary file.
     *
     * <pre>{@code
     * MultipartReader parts = context.multipart();
     * for (MultipartSection part; (part = parts.next()) != null; ) {
     *     try (InputStream in = part.body()) { storage.put(part.safeFileName(), in); }
     * }
     * }</pre>
     *
     * @throws BadHttpRequestException 415 for another content type, 400 for a missing or too long boundary
     */
    public MultipartReader multipart() throws IOException {
        String contentType = header("Content-Type");
        if (!mediaType(contentType).equals("multipart/form-data")) {
            throw notAForm(contentType);
        }
        return MultipartReader.of(formBody(), contentType, formOptions);
    }

    private InputStream formBody() {
        long declared = contentLength();
        if (declared > formOptions.bodyLengthLimit()) {
            throw FormBodyStream.tooLarge(formOptions.bodyLengthLimit());
        }
        return new FormBodyStream(request().body(), formOptions.bodyLengthLimit());
    }

    private long contentLength() {
        try {
            String value = header("Content-Length");
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1; // the server refuses a malformed length before the application runs
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static BadHttpRequestException notAForm(String contentType) {
        return new BadHttpRequestException(415, "expected a form body (application/x-www-form-urlencoded or multipart/form-data), "
                + (contentType == null ? "not a body without Content-Type" : "not '" + contentType.strip() + "'"), null);
    }

    private static IOException badRequestOr(IOException e) {
        BadHttpRequestException bad = BadHttpRequestException.in(e);
        if (bad != null) {
            throw bad;
        }
        return e;
    }

    /** Deletes {@code file} when the request ends. */
    void deleteAtEnd(java.nio.file.Path file) {
        if (temporaryFiles == null) {
            temporaryFiles = new ArrayList<>(2);
        }
        temporaryFiles.add(file);
    }

    /** The request has ended: its temporary files go. */
    void release() {
        if (temporaryFiles == null) {
            return;
        }
        for (java.nio.file.Path file : temporaryFiles) {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(WebContext.class).warn("could not delete the upload's temporary file {}: {}", file, e.toString());
            }
        }
        temporaryFiles = null;
    }

    /**
     * Checks {@code value}'s Jakarta Bean Validation constraints ({@code @NotBlank},
     * {@code @Size}, ...), as {@link #body(Class)} and {@link #form(Class)} do for what they bind,
     * unless the endpoint turned validation off ({@link Endpoint#withoutValidation(Endpoint)}).
     * A type without constraints costs one lookup.
     *
     * <pre>{@code
     * record Filter(@Min(1) @Max(100) int pageSize) {}
     * Filter filter = context.validated(new Filter(context.query("pageSize", int.class)));
     * }</pre>
     *
     * @throws ValidationFailedException (400 with the errors by property path)
     */
    public <T> T validated(T value) {
        if (validating) {
            validation.validate(value);
        }
        return value;
    }

    /** Turns validation of bound values on or off for this request; on by default. */
    public void validation(boolean on) {
        this.validating = on;
    }

    /** A value a middleware stored for later steps, or null. */
    public Object item(String key) {
        return items == null ? null : items.get(key);
    }

    public void item(String key, Object value) {
        if (items == null) {
            items = new HashMap<>();
        }
        items.put(key, value);
    }
}
