/**
 * The controller annotation processor: reads {@code @Controller} classes and writes, beside each,
 * the routes class that maps its endpoint methods; a template that does not parse, an ambiguous
 * route, a parameter that cannot be bound or a template whose parameters do not match the method's
 * is a compile error naming the method. Exports nothing: javac finds it as a service.
 */
module io.windhover.web.processor {
    requires java.compiler;
    requires io.windhover.web;

    provides javax.annotation.processing.Processor with io.windhover.web.processor.ControllerProcessor;
}
