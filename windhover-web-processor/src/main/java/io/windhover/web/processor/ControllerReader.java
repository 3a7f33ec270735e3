package io.windhover.web.processor;

import io.windhover.web.controller.AllowAnonymous;
import io.windhover.web.controller.Authorize;
import io.windhover.web.controller.Controller;
import io.windhover.web.controller.Delete;
import io.windhover.web.controller.FromBody;
import io.windhover.web.controller.FromForm;
import io.windhover.web.controller.FromHeader;
import io.windhover.web.controller.FromQuery;
import io.windhover.web.controller.FromRoute;
import io.windhover.web.controller.Get;
import io.windhover.web.controller.Patch;
import io.windhover.web.controller.Post;
import io.windhover.web.controller.Put;
import io.windhover.web.controller.Route;
import io.windhover.web.routing.RouteTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Reads a {@code @Controller} class into a {@link ControllerClass}, reporting every problem as a
 * compile error on the element it concerns (the class, the method, the parameter), so the message
 * names it. Binding follows ASP.NET Core's inference where a parameter has no annotation: a simple
 * type from the route when the template names it, else from the query; {@code WebContext} itself;
 * a {@code FormFile} from the form; any other class or record from the JSON body.
 */
final class ControllerReader {

    /** What the web layer converts request text to ({@code Values.convert}): the types route, query and header values bind to. */
    private static final Set<String> SIMPLE_TYPES = Set.of("java.lang.String", "int", "java.lang.Integer", "long", "java.lang.Long",
            "double", "java.lang.Double", "boolean", "java.lang.Boolean", "java.util.UUID", "java.math.BigDecimal");
    private static final String WEB_CONTEXT = "io.windhover.web.WebContext";
    private static final String FORM_FILE = "io.windhover.web.FormFile";

    private final ProcessingEnvironment environment;
    private final Messager messager;
    private final EndpointResponses responses;
    private boolean failed;

    ControllerReader(ProcessingEnvironment environment) {
        this.environment = environment;
        this.messager = environment.getMessager();
        this.responses = new EndpointResponses(environment);
    }

    /** The controller, or null when it has errors (each reported). */
    ControllerClass read(TypeElement type) {
        failed = false;
        Controller controller = type.getAnnotation(Controller.class);
        if (type.getModifiers().contains(Modifier.PRIVATE) || type.getModifiers().contains(Modifier.ABSTRACT)
                || type.getKind() != ElementKind.CLASS) {
            error(type, "a @Controller must be a class that is neither private nor abstract");
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
            error(type, "a nested @Controller must be static: an inner class needs an outer instance to be made");
        }
        List<EndpointMethod> endpoints = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            List<EndpointAnnotation> annotations = endpointAnnotations(method);
            if (!annotations.isEmpty()) {
                EndpointMethod endpoint = endpoint(type, controller.value(), method, annotations);
                if (endpoint != null) {
                    endpoints.add(endpoint);
                }
            }
        }
        if (endpoints.isEmpty() && !failed) {
            messager.printMessage(Diagnostic.Kind.WARNING, "@Controller " + type.getSimpleName() + " has no endpoint methods", type);
        }
        boolean noArguments = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                .anyMatch(constructor -> constructor.getParameters().isEmpty() && !constructor.getModifiers().contains(Modifier.PRIVATE));
        String packageName = environment.getElementUtils().getPackageOf(type).getQualifiedName().toString();
        String flatName = type.getQualifiedName().toString().substring(packageName.isEmpty() ? 0 : packageName.length() + 1).replace('.', '_');
        return failed ? null : new ControllerClass(type, packageName, flatName + "Routes", controller.lifetime().name(), noArguments,
                List.copyOf(endpoints));
    }

    /** One endpoint annotation on a method: its template and the HTTP methods it names. */
    private record EndpointAnnotation(String template, List<String> httpMethods) {
    }

    /** The method's endpoint annotations; empty when it has none. */
    private static List<EndpointAnnotation> endpointAnnotations(ExecutableElement method) {
        List<EndpointAnnotation> found = new ArrayList<>();
        addIfPresent(found, method.getAnnotation(Get.class), Get::value, "GET");
        addIfPresent(found, method.getAnnotation(Post.class), Post::value, "POST");
        addIfPresent(found, method.getAnnotation(Put.class), Put::value, "PUT");
        addIfPresent(found, method.getAnnotation(Delete.class), Delete::value, "DELETE");
        addIfPresent(found, method.getAnnotation(Patch.class), Patch::value, "PATCH");
        Route route = method.getAnnotation(Route.class);
        if (route != null) {
            found.add(new EndpointAnnotation(route.value(),
                    java.util.Arrays.stream(route.methods()).map(each -> each.strip().toUpperCase(Locale.ROOT)).toList()));
        }
        return found;
    }

    private static <A> void addIfPresent(List<EndpointAnnotation> found, A annotation, java.util.function.Function<A, String> template,
            String httpMethod) {
        if (annotation != null) {
            found.add(new EndpointAnnotation(template.apply(annotation), List.of(httpMethod)));
        }
    }

    private EndpointMethod endpoint(TypeElement type, String prefix, ExecutableElement method, List<EndpointAnnotation> annotations) {
        List<String> httpMethods = annotations.stream().flatMap(annotation -> annotation.httpMethods().stream()).toList();
        String where = type.getSimpleName() + "." + method.getSimpleName() + "()";
        if (method.getModifiers().contains(Modifier.PRIVATE) || method.getModifiers().contains(Modifier.STATIC)) {
            return error(method, where + ": an endpoint method must be an instance method that is not private");
        }
        if (httpMethods.isEmpty() || httpMethods.stream().anyMatch(String::isEmpty)
                || httpMethods.stream().distinct().count() != httpMethods.size()) {
            return error(method, where + ": at least one HTTP method, each once, none empty: " + httpMethods);
        }
        List<String> templates = annotations.stream().map(EndpointAnnotation::template).distinct().toList();
        String own = templates.size() == 1 ? templates.getFirst() : null;
        if (own == null) {
            return error(method, where + ": its endpoint annotations give different templates; use @Route(value, methods) for one template");
        }
        String template = join(prefix, own);
        RouteTemplate parsed;
        try {
            parsed = RouteTemplate.parse(template);
        } catch (IllegalArgumentException malformed) {
            return error(method, where + ": " + malformed.getMessage());
        }
        Map<String, RouteTemplate.Parameter> templateParameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        parsed.segments().stream().filter(RouteTemplate.Parameter.class::isInstance).map(RouteTemplate.Parameter.class::cast)
                .forEach(parameter -> templateParameters.put(parameter.name(), parameter));
        List<ParameterBinding> bindings = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            ParameterBinding binding = bind(where, parameter, templateParameters);
            if (binding != null) {
                bindings.add(binding);
            }
        }
        checkAgainstTemplate(method, where, template, bindings, templateParameters);
        long bodies = bindings.stream().filter(binding -> binding.source() == ParameterSource.BODY).count();
        long forms = bindings.stream().filter(binding -> binding.source().name().startsWith("FORM")).count();
        if (bodies > 1) {
            return error(method, where + ": only one parameter can be bound from the body; it has " + bodies);
        }
        if (bodies == 1 && forms > 0) {
            return error(method, where + ": a request has a JSON body or a form, not both");
        }
        if (failed) {
            return null;
        }
        boolean returnsVoid = method.getReturnType().getKind() == TypeKind.VOID;
        EndpointAuthorization authorization = authorization(type, method);
        if (failed) {
            return null;
        }
        return new EndpointMethod(method, List.copyOf(httpMethods), template, List.copyOf(bindings), returnsVoid,
                JavadocSummary.of(environment.getElementUtils().getDocComment(method)),
                responses.of(method), authorization);
    }

    /** The class's and the method's {@code @Authorize}, the class's first, and whether either has {@code @AllowAnonymous}. */
    private EndpointAuthorization authorization(TypeElement type, ExecutableElement method) {
        List<EndpointAuthorization.Requirement> requirements = new ArrayList<>();
        for (Element element : List.of(type, method)) {
            Authorize authorize = element.getAnnotation(Authorize.class);
            if (authorize == null) {
                continue;
            }
            if (!authorize.value().isEmpty() && authorize.value().isBlank()) {
                error(element, element.getSimpleName() + ": @Authorize names a blank policy; leave it out for the default policy");
            }
            requirements.add(new EndpointAuthorization.Requirement(authorize.value().isEmpty() ? null : authorize.value(),
                    List.of(authorize.roles()), List.of(authorize.schemes())));
        }
        boolean anonymous = type.getAnnotation(AllowAnonymous.class) != null || method.getAnnotation(AllowAnonymous.class) != null;
        return requirements.isEmpty() && !anonymous ? EndpointAuthorization.NONE : new EndpointAuthorization(requirements, anonymous);
    }

    private void checkAgainstTemplate(ExecutableElement method, String where, String template, List<ParameterBinding> bindings,
            Map<String, RouteTemplate.Parameter> templateParameters) {
        Map<String, ParameterBinding> fromRoute = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        bindings.stream().filter(binding -> binding.source() == ParameterSource.ROUTE).forEach(binding -> fromRoute.put(binding.name(), binding));
        for (String name : templateParameters.keySet()) {
            if (!fromRoute.containsKey(name)) {
                error(method, where + ": the template '" + template + "' has {" + name + "}, which no parameter of the method takes");
            } else if (isOptional(templateParameters.get(name)) && fromRoute.get(name).type().indexOf('.') < 0
                    && !templateParameters.get(name).catchAll()) {
                error(method, where + ": {" + name + "} may be absent, so its parameter needs a type that can be null, not "
                        + fromRoute.get(name).type());
            }
        }
        for (String name : fromRoute.keySet()) {
            if (!templateParameters.containsKey(name)) {
                error(method, where + ": '" + name + "' is bound from the route, but the template '" + template + "' has no {" + name + "}");
            }
        }
    }

    private static boolean isOptional(RouteTemplate.Parameter parameter) {
        return parameter.optional() && parameter.defaultValue() == null;
    }

    private ParameterBinding bind(String where, VariableElement parameter, Map<String, RouteTemplate.Parameter> templateParameters) {
        String own = parameter.getSimpleName().toString();
        TypeMirror type = parameter.asType();
        String typeName = environment.getTypeUtils().erasure(type).toString();
        String what = where + ": parameter '" + own + "' (" + type + ")";
        FromRoute route = parameter.getAnnotation(FromRoute.class);
        FromQuery query = parameter.getAnnotation(FromQuery.class);
        FromHeader header = parameter.getAnnotation(FromHeader.class);
        FromForm form = parameter.getAnnotation(FromForm.class);
        FromBody body = parameter.getAnnotation(FromBody.class);
        long annotations = java.util.stream.Stream.of(route, query, header, form, body).filter(java.util.Objects::nonNull).count();
        if (annotations > 1) {
            return error(parameter, what + " has more than one source");
        }
        if (route != null) {
            return simple(parameter, what, ParameterSource.ROUTE, nameOr(route.value(), own), type, typeName);
        }
        if (query != null) {
            return simple(parameter, what, ParameterSource.QUERY, nameOr(query.value(), own), type, typeName);
        }
        if (header != null) {
            return simple(parameter, what, ParameterSource.HEADER, nameOr(header.value(), own), type, typeName);
        }
        if (form != null) {
            return formField(parameter, what, nameOr(form.value(), own), form.value().isEmpty(), type, typeName);
        }
        if (body != null) {
            return body(parameter, what, type, typeName);
        }
        // ASP.NET Core's inference, for a parameter with no source of its own.
        if (typeName.equals(WEB_CONTEXT)) {
            return new ParameterBinding(ParameterSource.CONTEXT, own, typeName);
        }
        if (isSimple(type)) {
            return new ParameterBinding(templateParameters.containsKey(own) ? ParameterSource.ROUTE : ParameterSource.QUERY, own, typeName);
        }
        if (typeName.equals(FORM_FILE)) {
            return new ParameterBinding(ParameterSource.FORM_FILE, own, typeName);
        }
        return body(parameter, what, type, typeName);
    }

    private ParameterBinding simple(Element parameter, String what, ParameterSource source, String name, TypeMirror type, String typeName) {
        if (!isSimple(type)) {
            return error(parameter, what + " cannot be bound from the " + source.name().toLowerCase(Locale.ROOT)
                    + ": only String, int, long, double, boolean (or their boxes), UUID, BigDecimal or an enum can");
        }
        return new ParameterBinding(source, name, typeName);
    }

    private ParameterBinding formField(Element parameter, String what, String name, boolean unnamed, TypeMirror type, String typeName) {
        if (typeName.equals("java.lang.String")) {
            return new ParameterBinding(ParameterSource.FORM_FIELD, name, typeName);
        }
        if (typeName.equals(FORM_FILE)) {
            return new ParameterBinding(ParameterSource.FORM_FILE, name, typeName);
        }
        if (unnamed && isBindableObject(type)) {
            return new ParameterBinding(ParameterSource.FORM, name, typeName);
        }
        return error(parameter, what + " cannot be bound from the form: a named field is a String or a FormFile,"
                + " and the whole form binds to a class or record (@FromForm without a name)");
    }

    private ParameterBinding body(Element parameter, String what, TypeMirror type, String typeName) {
        if (!isBindableObject(type)) {
            return error(parameter, what + " cannot be bound: a JSON body binds to a class or record that is not generic"
                    + " (route, query and header values to String, numbers, boolean, UUID, BigDecimal or an enum)");
        }
        return new ParameterBinding(ParameterSource.BODY, "", typeName);
    }

    private boolean isSimple(TypeMirror type) {
        String name = environment.getTypeUtils().erasure(type).toString();
        return SIMPLE_TYPES.contains(name) || type instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.ENUM;
    }

    /** A class or record the JSON codec can make: concrete, not generic (a body reads into a {@code Class}), not an enum. */
    private static boolean isBindableObject(TypeMirror type) {
        if (!(type instanceof DeclaredType declared) || !declared.getTypeArguments().isEmpty()) {
            return false;
        }
        Element element = declared.asElement();
        return (element.getKind() == ElementKind.CLASS || element.getKind() == ElementKind.RECORD)
                && !element.getModifiers().contains(Modifier.ABSTRACT);
    }

    private static String nameOr(String given, String own) {
        return given.isEmpty() ? own : given;
    }

    /** {@code prefix} and {@code template} as one template, as a route group joins them. */
    static String join(String prefix, String template) {
        String left = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String right = template.isEmpty() || template.startsWith("/") ? template : "/" + template;
        if (right.isEmpty() || right.equals("/")) {
            return left.isEmpty() ? "/" : left;
        }
        return left + right;
    }

    private <T> T error(Element element, String message) {
        failed = true;
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        return null;
    }
}
