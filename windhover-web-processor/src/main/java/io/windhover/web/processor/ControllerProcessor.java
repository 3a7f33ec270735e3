package io.windhover.web.processor;

import io.windhover.web.controller.Controller;
import io.windhover.web.routing.Router;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Writes the routes class of each {@code @Controller} ({@link RoutesWriter}) and lists them all in
 * {@code META-INF/services/io.windhover.web.controller.ControllerRoutes}, so that
 * {@code app.mapControllers()} finds them. Besides what {@link ControllerReader} refuses, two
 * endpoints that would match the same requests are a compile error on the second, found by the
 * router the application will use.
 *
 * <p>Put it on the compiler's processor path:
 *
 * <pre>{@code
 * <annotationProcessorPaths>
 *   <path><groupId>io.windhover</groupId><artifactId>windhover-web-processor</artifactId><version>...</version></path>
 * </annotationProcessorPaths>
 * }</pre>
 *
 * <p>The services file lists the controllers of one compilation: compile a module's controllers
 * together (Maven does), not one file at a time.
 */
public final class ControllerProcessor extends AbstractProcessor {

    private static final String SERVICES = "META-INF/services/io.windhover.web.controller.ControllerRoutes";
    private static final List<String> ENDPOINT_ANNOTATIONS = List.of("Get", "Post", "Put", "Delete", "Patch", "Route");
    /** Claimed too, so javac does not warn that no processor took them; read with their methods. */
    private static final List<String> METHOD_DETAIL_ANNOTATIONS = List.of("FromRoute", "FromQuery", "FromHeader", "FromForm", "FromBody",
            "Produces", "Produces.List", "ProducesProblem");

    /** Every route so far, to find ambiguous pairs across controllers; the target names the method. */
    private final Router.Builder<String> routes = Router.builder();
    private final List<String> written = new ArrayList<>();

    /** Found by javac through the services file or the module's {@code provides}. */
    public ControllerProcessor() {
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        var types = new java.util.HashSet<String>();
        types.add(Controller.class.getName());
        ENDPOINT_ANNOTATIONS.forEach(name -> types.add("io.windhover.web.controller." + name));
        METHOD_DETAIL_ANNOTATIONS.forEach(name -> types.add("io.windhover.web.controller." + name));
        return types;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        var reader = new ControllerReader(processingEnv);
        refuseEndpointsOutsideControllers(annotations, round);
        for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(Controller.class))) {
            ControllerClass controller = reader.read(type);
            if (controller != null && routesAreUnambiguous(controller)) {
                writeRoutes(controller);
            }
        }
        if (round.processingOver() && !written.isEmpty()) {
            writeServices();
        }
        return true;
    }

    private void refuseEndpointsOutsideControllers(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            if (!ENDPOINT_ANNOTATIONS.contains(annotation.getSimpleName().toString())) {
                continue;
            }
            for (ExecutableElement method : ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotation))) {
                Element owner = method.getEnclosingElement();
                if (owner.getAnnotation(Controller.class) == null) {
                    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, owner.getSimpleName() + "." + method.getSimpleName()
                            + "(): @" + annotation.getSimpleName() + " on a method of a class that is not a @Controller", method);
                }
            }
        }
    }

    private boolean routesAreUnambiguous(ControllerClass controller) {
        boolean unambiguous = true;
        for (EndpointMethod endpoint : controller.endpoints()) {
            String where = controller.element().getSimpleName() + "." + endpoint.name() + "()";
            for (String httpMethod : endpoint.httpMethods()) {
                try {
                    routes.add(httpMethod, endpoint.template(), where);
                } catch (IllegalStateException ambiguous) {
                    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, where + ": " + ambiguous.getMessage(), endpoint.element());
                    unambiguous = false;
                }
            }
        }
        return unambiguous;
    }

    private void writeRoutes(ControllerClass controller) {
        try {
            JavaFileObject file = processingEnv.getFiler().createSourceFile(controller.routesBinaryName(), controller.element());
            try (Writer out = file.openWriter()) {
                out.write(RoutesWriter.write(controller));
            }
            written.add(controller.routesBinaryName());
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + controller.routesBinaryName() + ": " + e,
                    controller.element());
        }
    }

    private void writeServices() {
        try {
            FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", SERVICES);
            try (Writer out = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
                for (String name : written) {
                    out.write(name + "\n");
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + SERVICES + ": " + e);
        }
    }
}
