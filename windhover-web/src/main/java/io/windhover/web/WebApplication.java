package io.windhover.web;

import io.windhover.server.WindhoverServer;
import io.windhover.server.host.HostStatistics;
import io.windhover.server.http.HttpApplication;
import io.windhover.tls.DevelopmentCertificate;
import io.windhover.tls.TlsOptions;
import io.windhover.web.controller.ControllerFactory;
import io.windhover.web.controller.ControllerRoutes;
import io.windhover.web.openapi.DocumentedRoute;
import io.windhover.web.openapi.OpenApiDocument;
import io.windhover.web.routing.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An application: middleware, routes and the server they run on. ASP.NET Core's
 * {@code WebApplication} with minimal APIs.
 *
 * <pre>{@code
 * var app = WebApplication.create(args);               // --urls, WINDHOVER_URLS
 * app.use(new RequestTimer());                          // (context, next) middleware
 * app.get("/todos/{id:int}", context -> todos.find(context.route("id", int.class)));
 * app.mapGroup("/admin").use(auth).post("/reset", context -> Results.noContent());
 * app.run();                                            // until Ctrl-C or SIGTERM
 * }</pre>
 *
 * <p>Configure it from one thread, then {@link #start()} or {@link #run()}: the routes are compiled
 * once then, and a template error or two ambiguous routes stop the start with an exception naming
 * them. Requests are served concurrently afterwards.
 */
public final class WebApplication implements EndpointRouteBuilder, AutoCloseable {

    private final List<String> urls = new ArrayList<>();
    private volatile Configuration configuration = Configuration.of(Map.of());
    /** Replaced in {@link #create} by one that reads the application's sources again. */
    private ConfigurationReloader reloader = new ConfigurationReloader(Path.of(""), Configuration::empty, reloaded -> { });
    private String environment = "Production";
    private Path contentRoot = Path.of("").toAbsolutePath();
    private CertificateConfiguration certificate;
    /** Null: only in Development, as in ASP.NET Core. */
    private Boolean developmentCertificateAllowed;
    /** Null: {@link DevelopmentCertificate#inDefaultFolder()}, looked up at start. */
    private DevelopmentCertificate developmentCertificate;
    private final Pipeline pipeline = new Pipeline();
    private final List<AutoCloseable> disposables = new ArrayList<>();
    private final List<Runnable> stopping = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean stoppingSignalled = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<RouteHandlerBuilder> registrations = new ArrayList<>();
    private JsonCodec json = new JacksonJsonCodec();
    private FormOptions formOptions = FormOptions.defaults();
    private Consumer<WindhoverServer.Builder> serverOptions = builder -> { };
    private ControllerFactory controllerFactory;
    /** Controllers to map when the application is built, each where it was asked for. */
    private final List<Map.Entry<EndpointRouteBuilder, ControllerRoutes>> controllers = new ArrayList<>();
    private HttpApplication built;
    private WindhoverServer server;

    /** Where {@link #mapOpenApi()} serves the document: ASP.NET Core 9's path. */
    public static final String OPENAPI_PATH = "/openapi/v1.json";
    private boolean openApi;
    /** The document's JSON, written when the application is built. */
    private volatile byte[] openApiDocument;

    private WebApplication() {
    }

    /**
     * An application configured from, in rising precedence, {@code windhover.json} in the content
     * root, {@code windhover.ENVIRONMENT.json} beside it, the environment variables
     * ({@code WINDHOVER_URLS}, {@code WINDHOVER_ENVIRONMENT}) and the command line ({@code --urls
     * URL[;URL]}, {@code --environment NAME}, {@code --content-root FOLDER}); every other
     * {@code --Section:Key=value} or {@code --key value} goes to {@link #configuration()}. Defaults:
     * {@code http://localhost:8080}, {@code Production}, the working directory.
     *
     * <pre>{@code
     * // windhover.json
     * {"urls": ["http://localhost:5000", "https://localhost:5001"], "environment": "Staging",
     *  "Certificates": {"Default": {"Path": "certs/site.pem", "KeyPath": "certs/site-key.pem"}}}
     * }</pre>
     *
     * <p>{@code https} URLs serve the certificate named by {@code Certificates:Default}, as Kestrel's
     * {@code Kestrel:Certificates:Default}: {@code Path} and {@code KeyPath} for PEM files, {@code Path}
     * alone for a PKCS#12 file, and {@code Password} for an encrypted key or the PKCS#12 file.
     * Relative paths are resolved against the content root, where the configuration files are, never
     * the working directory. The environment's file replaces the base file's {@code Default} as a
     * whole. Without one, the development certificate is served in Development (see
     * {@link #useDevelopmentCertificate(boolean)}); elsewhere an https URL without a certificate
     * stops {@link #start()}. Keys are matched ignoring case, as in ASP.NET Core.
     *
     * @throws IllegalArgumentException for an argument it does not know
     */
    public static WebApplication create(String... args) {
        String argUrls = null;
        String argEnvironment = null;
        Path root = Path.of("").toAbsolutePath();
        List<Map.Entry<String, String>> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--urls") && i + 1 < args.length) {
                argUrls = args[++i];
            } else if (args[i].startsWith("--urls=")) {
                argUrls = args[i].substring("--urls=".length());
            } else if (args[i].equals("--environment") && i + 1 < args.length) {
                argEnvironment = args[++i];
            } else if (args[i].equals("--content-root") && i + 1 < args.length) {
                root = Path.of(args[++i]).toAbsolutePath().normalize();
            } else if (args[i].startsWith("--") && args[i].indexOf('=') > 2) {
                int equals = args[i].indexOf('=');
                settings.add(Map.entry(args[i].substring(2, equals), args[i].substring(equals + 1)));
            } else if (args[i].startsWith("--") && args[i].length() > 2 && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                settings.add(Map.entry(args[i].substring(2), args[++i]));
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; known: --urls URL[;URL...], --environment NAME, --content-root FOLDER, --Section:Key=value");
            }
        }
        var application = new WebApplication();
        application.contentRoot = root;
        // Later sources win: the configuration file, its environment's file, the environment
        // variables, the command line — ASP.NET Core's order.
        ConfigurationFile file = ConfigurationFile.read(root, "windhover");
        String environment = firstOf(argEnvironment, System.getenv("WINDHOVER_ENVIRONMENT"), file.environment());
        if (environment != null && !environment.isBlank()) {
            application.environment = environment.strip();
        }
        ConfigurationFile environmentFile = ConfigurationFile.read(root, "windhover." + application.environment);
        String urls = firstOf(argUrls, System.getenv("WINDHOVER_URLS"), environmentFile.urls(), file.urls());
        if (urls != null && !urls.isBlank()) {
            application.urls.addAll(List.of(urls.split(";")));
        }
        application.certificate = environmentFile.certificate() != null ? environmentFile.certificate() : file.certificate();
        application.configuration = Configuration.read(root, application.environment, System.getenv(), settings);
        String environmentName = application.environment;
        Path contentRoot = root;
        application.reloader = new ConfigurationReloader(root,
                () -> Configuration.read(contentRoot, environmentName, System.getenv(), settings),
                reloaded -> application.configuration = reloaded);
        application.applyLogLevels();
        return application;
    }

    /**
     * {@code Logging:LogLevel} applied now and on every reload, where the logging backend can change
     * levels (logback); elsewhere one WARN line when the section is set, since it cannot be honoured.
     */
    private void applyLogLevels() {
        Map<String, LogLevel> levels = LogLevels.read(configuration); // a bad level stops the start, naming its key
        LoggingBackend backend = LoggingBackend.detect();
        if (backend == null) {
            if (!levels.isEmpty()) {
                org.slf4j.LoggerFactory.getLogger(WebApplication.class).warn("{} is set, but the SLF4J binding ({}) cannot change"
                        + " levels; use logback-classic for levels from the configuration", LogLevels.SECTION, LoggingBackend.bindingName());
            }
            return;
        }
        var logLevels = new LogLevels(backend);
        logLevels.apply(levels);
        reloader.add(LogLevels.SECTION, reloaded -> {
            Map<String, LogLevel> next = LogLevels.read(reloaded);
            return () -> logLevels.apply(next);
        });
    }

    /**
     * Binds {@code section} to {@code type} now and applies it, then again each time a configuration
     * file in the content root changes: for what may change while the application runs, such as
     * rate limits. A change is never half applied: when a file does not parse, or any section
     * registered this way no longer binds or validates, one WARN line names the key and its source,
     * nothing is applied and the previous values stay.
     *
     * <pre>{@code
     * record RateLimit(@Positive int permits) {}
     * var limiter = RateLimiting.fixedWindow(100, Duration.ofMinutes(1));
     * app.use(limiter);
     * app.onReload("RateLimit", RateLimit.class,
     *         limit -> limiter.update(RateLimiting.fixedWindow(limit.permits(), Duration.ofMinutes(1))));
     * }</pre>
     *
     * @throws IllegalArgumentException when the section does not bind or validate now
     */
    public <T> WebApplication onReload(String section, Class<T> type, java.util.function.Consumer<T> apply) {
        apply.accept(configuration.bind(section, type));
        reloader.add(section, type, apply);
        return this;
    }

    /** The configuration's reloads applied and refused so far, for tests to wait on. */
    int[] configurationReloads() {
        return new int[] {reloader.applied(), reloader.refused()};
    }

    /**
     * Every setting, from the configuration files, the environment variables and the command line
     * ({@code --Section:Key=value}), keys ignoring case: as read at {@link #create}, or as read again
     * after a file changed when a section is applied live ({@link #onReload}).
     *
     * <pre>{@code
     * String connection = app.configuration().get("ConnectionStrings:Todos", "jdbc:sqlite:data/todos.db");
     * }</pre>
     */
    public Configuration configuration() {
        return configuration;
    }

    /** The configuration file read from the content root, if there is one. */
    public static final String CONFIG_FILE = "windhover.json";

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * The environment's name: {@code --environment}, else {@code WINDHOVER_ENVIRONMENT}, else
     * {@code Production}.
     */
    public String environment() {
        return environment;
    }

    /** The application's folder: {@code --content-root}, else the working directory. */
    public Path contentRoot() {
        return contentRoot;
    }

    /** Where its public files live: {@code wwwroot} in the content root, as in ASP.NET Core. */
    public Path webRoot() {
        return contentRoot.resolve("wwwroot");
    }

    /** Whether the environment is {@code Development}, where errors may show their details. */
    public boolean isDevelopment() {
        return environment.equalsIgnoreCase("Development");
    }

    /** Listen URLs instead of those from the command line or environment. */
    public WebApplication urls(String... listenUrls) {
        urls.clear();
        urls.addAll(List.of(listenUrls));
        return this;
    }

    /**
     * The listen URLs as configured (not yet bound: port 0 is still 0); empty means the server's
     * default, {@code http://localhost:8080}.
     */
    public List<String> urls() {
        return List.copyOf(urls);
    }

    /**
     * Whether {@code https} URLs without a configured certificate serve the development certificate
     * ({@link DevelopmentCertificate}), making it first if there is none. By default only in the
     * Development environment, as in ASP.NET Core: a production server without a certificate should
     * fail at start, not serve one nobody trusts. A sample run on a developer's machine turns it on.
     *
     * <pre>{@code
     * var app = WebApplication.create(args).useDevelopmentCertificate(true); // --urls https://127.0.0.1:5001
     * }</pre>
     */
    public WebApplication useDevelopmentCertificate(boolean use) {
        this.developmentCertificateAllowed = use;
        return this;
    }

    /**
     * Which development certificate to serve: by default the one in {@code $WINDHOVER_DEV_CERTS},
     * else {@code ~/.windhover/dev-certs} ({@link DevelopmentCertificate#inDefaultFolder()}). Tests
     * give one in a folder of their own, since a test cannot set an environment variable.
     *
     * <pre>{@code
     * app.developmentCertificate(DevelopmentCertificate.in(temporaryFolder));
     * }</pre>
     */
    public WebApplication developmentCertificate(DevelopmentCertificate development) {
        this.developmentCertificate = Objects.requireNonNull(development, "development");
        return this;
    }

    /**
     * Other server settings: limits, scheduling, listen options, the transport; applied in the order
     * given, after configuration's, so {@code httpsDefaults} given here wins over a configured
     * certificate.
     */
    public WebApplication server(Consumer<WindhoverServer.Builder> options) {
        this.serverOptions = serverOptions.andThen(Objects.requireNonNull(options, "options"));
        return this;
    }

    /** The JSON codec responses and bodies are written and read with: for an application's own JSON, such as an event's data. */
    public JsonCodec json() {
        return json;
    }

    /** Replaces the JSON codec (Jackson by default). */
    public WebApplication json(JsonCodec codec) {
        this.json = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * The limits forms are read within ({@link WebContext#form()}), ASP.NET Core's by default; an
     * endpoint may change them for its request.
     *
     * <pre>{@code
     * app.formOptions(FormOptions.builder().valueCountLimit(64).build());
     * }</pre>
     */
    public WebApplication formOptions(FormOptions options) {
        this.formOptions = Objects.requireNonNull(options, "options");
        return this;
    }

    /** Adds middleware; it runs in the order added, before routing picks an endpoint. */
    public WebApplication use(Middleware middleware) {
        pipeline.use(middleware);
        return this;
    }

    /** A branch for paths at or under {@code prefix}. */
    public WebApplication map(String prefix, Consumer<Pipeline> branch) {
        pipeline.map(prefix, branch);
        return this;
    }

    /** A branch for requests {@code predicate} accepts. */
    public WebApplication when(Predicate<WebContext> predicate, Consumer<Pipeline> branch) {
        pipeline.when(predicate, branch);
        return this;
    }

    /** Ends the pipeline with {@code terminal}: routes are not consulted. */
    public WebApplication run(RequestDelegate terminal) {
        pipeline.run(terminal);
        return this;
    }

    public RouteHandlerBuilder get(String template, Endpoint endpoint) {
        return map("GET", template, endpoint);
    }

    public RouteHandlerBuilder post(String template, Endpoint endpoint) {
        return map("POST", template, endpoint);
    }

    public RouteHandlerBuilder put(String template, Endpoint endpoint) {
        return map("PUT", template, endpoint);
    }

    public RouteHandlerBuilder delete(String template, Endpoint endpoint) {
        return map("DELETE", template, endpoint);
    }

    public RouteHandlerBuilder patch(String template, Endpoint endpoint) {
        return map("PATCH", template, endpoint);
    }

    /**
     * A route for {@code method}, or for every method with {@link Router#ANY_METHOD}; what it
     * returns takes the route's metadata (authorization: {@code requireAuthorization},
     * {@code allowAnonymous}; the OpenAPI description: {@code withName}, {@code withSummary},
     * {@code withTags}, {@code accepts}, {@code produces}; any object: {@code withMetadata}) until
     * the application starts.
     *
     * <pre>{@code
     * app.post("/todos", create).requireAuthorization("todos:write").withName("createTodo").produces(201, Todo.class);
     * }</pre>
     */
    @Override
    public RouteHandlerBuilder map(String method, String template, Endpoint endpoint) {
        return addRoute(method, template, endpoint, null);
    }

    /**
     * A WebSocket endpoint (RFC 6455 over HTTP/1.1, RFC 8441 over HTTP/2) with the default
     * options: no compression, 1 MiB messages, any origin. The handler runs on the request's
     * virtual thread; see {@link io.windhover.websockets.WebSocket} for receiving and sending.
     *
     * <pre>{@code
     * app.webSocket("/echo", socket -> {
     *     for (WebSocketMessage message; (message = socket.receive()) != null; ) {
     *         socket.send(message);
     *     }
     * });
     * }</pre>
     */
    public RouteHandlerBuilder webSocket(String template, WebSocketHandler handler) {
        return webSocket(template, WebSocketEndpointOptions.defaults(), handler);
    }

    /** A WebSocket endpoint with its own origins, subprotocols, limits and compression. */
    public RouteHandlerBuilder webSocket(String template, WebSocketEndpointOptions options, WebSocketHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return webSocket(template, options, (context, socket) -> handler.handle(socket));
    }

    /** A WebSocket endpoint whose handler also sees the request (query, route values, user). */
    public RouteHandlerBuilder webSocket(String template, WebSocketEndpointOptions options, WebSocketRequestHandler handler) {
        return map(Router.ANY_METHOD, template, new WebSocketEndpoint(options, handler)).excludeFromDescription();
    }

    /**
     * Serves the OpenAPI 3.1 document of every route at {@value #OPENAPI_PATH}: paths and methods,
     * route parameters with their constraints, and what each route's {@link EndpointDescription}s
     * (given on its {@link RouteHandlerBuilder}, or written by a controller's processor) say: names, summaries, tags, parameters, bodies and responses with the
     * JSON schemas of their types, problem details where binding can fail. Built once, at start.
     * ASP.NET Core 9's {@code MapOpenApi()}.
     *
     * <pre>{@code
     * app.mapOpenApi();       // GET /openapi/v1.json
     * app.mapSwaggerUi();     // GET /swagger
     * }</pre>
     */
    public WebApplication mapOpenApi() {
        if (!openApi) {
            openApi = true;
            addRoute("GET", OPENAPI_PATH, context -> Results.bytes(openApiDocument, "application/json"), null)
                    .excludeFromDescription();
        }
        return this;
    }

    /**
     * Serves Swagger UI at {@code /swagger}, pointed at {@value #OPENAPI_PATH}, from the
     * {@code org.webjars:swagger-ui} WebJar, which the application adds to its dependencies.
     *
     * @throws IllegalStateException when the WebJar is not on the application's path
     */
    public WebApplication mapSwaggerUi() {
        SwaggerUiFiles files = SwaggerUiFiles.find(OPENAPI_PATH);
        addRoute("GET", "/swagger", context -> Results.redirect("/swagger/index.html"), null).excludeFromDescription();
        addRoute("GET", "/swagger/{*file}", context -> {
            Result file = files.file(context.route("file"));
            return file != null ? file : Results.notFound();
        }, null).excludeFromDescription();
        return this;
    }

    /** The content root's folder name, as ASP.NET Core names an application after its assembly. */
    private String applicationName() {
        Path name = contentRoot.getFileName();
        return name == null ? "Windhover" : name.toString();
    }

    /** Routes under {@code prefix}, with middleware of their own. */
    public RouteGroup mapGroup(String prefix) {
        return new RouteGroup(this, prefix, null);
    }

    /**
     * Maps every controller whose routes the annotation processor wrote and listed for
     * {@link ServiceLoader} ({@code META-INF/services/io.windhover.web.controller.ControllerRoutes}),
     * as ASP.NET Core's {@code MapControllers()}. Mapped when the application is built, with the
     * factory given by then.
     *
     * <pre>{@code
     * app.controllerFactory((type, context) -> injector.getInstance(type));
     * app.mapControllers();
     * }</pre>
     *
     * @throws IllegalStateException at start, for a controller neither its factory nor a constructor can make
     */
    public WebApplication mapControllers() {
        ServiceLoader.load(ControllerRoutes.class).forEach(routes -> mapControllers(routes));
        return this;
    }

    /** Maps the given controllers' routes (each a generated {@code NameRoutes}). */
    public WebApplication mapControllers(ControllerRoutes... routes) {
        mapControllers(this, routes);
        return this;
    }

    void mapControllers(EndpointRouteBuilder target, ControllerRoutes... routes) {
        if (built != null) {
            throw new IllegalStateException("the application has started; map controllers before start()");
        }
        for (ControllerRoutes each : routes) {
            controllers.add(Map.entry(target, Objects.requireNonNull(each, "routes")));
        }
    }

    /**
     * Where controller instances come from: a dependency-injection container, or a lambda. Without
     * one, or where it returns null, a controller is made with its constructor without arguments.
     */
    public WebApplication controllerFactory(ControllerFactory factory) {
        this.controllerFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    RouteHandlerBuilder addRoute(String method, String template, Endpoint endpoint, RouteGroup group) {
        if (built != null) {
            throw new IllegalStateException("the application has started; add routes before start()");
        }
        var route = new RouteHandlerBuilder(method, template, endpoint, group);
        registrations.add(route);
        return route;
    }

    /**
     * The application as the server calls it: the middleware pipeline ending in routing, built
     * once.
     *
     * @throws IllegalArgumentException for a malformed route template
     * @throws IllegalStateException for two routes that would match the same requests
     */
    public synchronized HttpApplication toHttpApplication() {
        if (built == null) {
            for (var controller : controllers) {
                controller.getValue().map(controller.getKey(), controllerFactory);
            }
            controllers.clear();
            Router.Builder<RouteTarget> routes = Router.builder();
            List<DocumentedRoute> documented = new ArrayList<>();
            for (RouteHandlerBuilder registration : registrations) {
                List<Middleware> chain = registration.group() == null ? List.of() : registration.group().middlewareChain();
                // One collection per endpoint: authorization caches its combined policy by it.
                EndpointMetadataCollection metadata = registration.metadata();
                routes.add(registration.method(), registration.template(),
                        new RouteTarget(endpointDelegate(registration.endpoint(), chain), metadata));
                if (!metadata.has(ExcludeFromDescriptionMetadata.class)) {
                    documented.add(new DocumentedRoute(registration.method().toUpperCase(java.util.Locale.ROOT), registration.template(),
                            EndpointDescription.of(metadata)));
                }
            }
            RequestDelegate handler = pipeline.compose(new EndpointRouting());
            if (openApi) {
                openApiDocument = OpenApiDocument.write(applicationName() + " | v1", "1.0.0", documented);
            }
            var settings = new WebSettings(json, formOptions, new BeanValidation(json), routes.build());
            built = context -> {
                var webContext = new WebContext(context, settings);
                try {
                    handler.handle(webContext);
                } finally {
                    webContext.release(); // uploads' temporary files, however the request ended
                }
            };
        }
        return built;
    }

    /** The endpoint with its groups' middleware around it, and its return value written. */
    private static RequestDelegate endpointDelegate(Endpoint endpoint, List<Middleware> chain) {
        RequestDelegate next = context -> writeResult(context, endpoint.handle(context));
        for (int i = chain.size() - 1; i >= 0; i--) {
            Middleware step = chain.get(i);
            RequestDelegate rest = next;
            next = context -> step.invoke(context, rest);
        }
        return next;
    }

    private static void writeResult(WebContext context, Object value) throws IOException {
        switch (value) {
            case null -> {
            }
            case Result result -> result.execute(context);
            case String text -> Results.text(text).execute(context);
            case byte[] bytes -> Results.bytes(bytes, "application/octet-stream").execute(context);
            default -> Results.json(value).execute(context);
        }
    }

    /**
     * Builds the server and starts listening; logs {@code Now listening on:} per address.
     *
     * @throws io.windhover.tls.CertificateException when the configured certificate cannot be used
     *     (a missing file, a wrong password); its message names the file, and nothing listens
     * @throws IllegalStateException for an https URL with no certificate to serve
     * @throws IllegalArgumentException for a configured limit of the wrong type or out of range,
     *     naming its key and where it came from
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        var builder = WindhoverServer.builder().application(toHttpApplication());
        var endpoints = EndpointsConfiguration.read(configuration, contentRoot);
        List<String> served = endpoints.isEmpty() ? urls : endpoints.urls();
        boolean developmentAllowed = developmentCertificateAllowed != null ? developmentCertificateAllowed : isDevelopment();
        TlsOptions https = HttpsDefaults.choose(certificate, developmentAllowed,
                developmentCertificate != null ? developmentCertificate : DevelopmentCertificate.inDefaultFolder(), served);
        if (endpoints.isEmpty()) {
            if (!urls.isEmpty()) {
                builder.urls(urls.toArray(String[]::new));
            }
            if (https != null) {
                builder.httpsDefaults(https);
            }
        } else {
            // Kestrel's rule: configured end points replace the URLs.
            endpoints.listen(builder, () -> https);
        }
        new ServerConfiguration(configuration).applyTo(builder);
        serverOptions.accept(builder);
        server = builder.build();
        server.start();
        reloader.start();
    }

    /** The URLs served, with the ports chosen for port 0. */
    public List<String> listeningUrls() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.listeningUrls();
    }

    /**
     * The server's connection counters: open, accepted, refused at the limit, and aborted because
     * they had not finished within the shutdown timeout; after {@link #close()}, as its stop left them.
     */
    public HostStatistics statistics() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.statistics();
    }

    /** Starts, then serves until Ctrl-C or SIGTERM, and stops gracefully. */
    public void run() throws IOException, InterruptedException {
        start();
        // Beside the server's own hook, which waits for requests in flight: this one ends those that
        // would otherwise last until the shutdown timeout (event streams), so the wait is short.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("windhover-stopping").unstarted(this::signalStopping));
        server.awaitShutdown();
    }

    /**
     * Runs {@code callback} when the application begins to stop — {@link #close()}, or Ctrl-C or
     * SIGTERM under {@link #run()} — while the server still waits for the requests in flight: the
     * place to end responses that last until told to, such as streams of server-sent events, which
     * the graceful stop would otherwise wait for until its timeout. ASP.NET Core's
     * {@code IHostApplicationLifetime.ApplicationStopping}. Callbacks run once, in the order given;
     * keep them short.
     *
     * <pre>{@code
     * app.onStopping(feed::close);   // every subscriber's event stream ends, and its request with it
     * }</pre>
     */
    public WebApplication onStopping(Runnable callback) {
        stopping.add(Objects.requireNonNull(callback, "callback"));
        return this;
    }

    private void signalStopping() {
        if (!stoppingSignalled.compareAndSet(false, true)) {
            return;
        }
        for (Runnable callback : stopping) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(WebApplication.class).warn("a stopping callback failed", e);
            }
        }
    }

    /**
     * Closes {@code resource} when the application closes, after the server has stopped serving:
     * a connection pool, a file the application keeps open. Closed in the reverse order of
     * registration; a failure to close one is logged and the rest are still closed.
     *
     * <pre>{@code
     * var pool = new HikariDataSource(config);
     * app.registerForDispose(pool);
     * }</pre>
     */
    public synchronized <T extends AutoCloseable> T registerForDispose(T resource) {
        disposables.add(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    @Override
    public synchronized void close() {
        signalStopping();
        reloader.close();
        if (server != null) {
            server.close();
        }
        for (int i = disposables.size() - 1; i >= 0; i--) {
            try {
                disposables.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(WebApplication.class).warn("could not close {}", disposables.get(i), e);
            }
        }
        disposables.clear();
    }
}
