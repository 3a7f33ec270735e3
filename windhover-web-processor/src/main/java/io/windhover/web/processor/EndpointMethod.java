package io.windhover.web.processor;

import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * One endpoint method of a controller.
 *
 * @param element the method, for messages that name it
 * @param httpMethods the HTTP methods it answers
 * @param template the route template, the controller's prefix included
 * @param parameters its parameters in order
 * @param returnsVoid whether it returns nothing (the response is as the method made it)
 * @param summary the first sentence of its Javadoc, or empty
 * @param response what its return value is as the OpenAPI document describes it, or null when it
 *     says nothing certain (void, {@code Object}, a {@code Result})
 */
record EndpointMethod(ExecutableElement element, List<String> httpMethods, String template, List<ParameterBinding> parameters,
        boolean returnsVoid, String summary, ResponseDescription response) {

    /**
     * A method's return value as a response: the Java expression of its {@code java.lang.reflect.Type}
     * ({@code Todo.class}, or a {@code GenericType} for a parameterised type) and its content type.
     */
    record ResponseDescription(String typeExpression, String contentType) {
    }

    String name() {
        return element.getSimpleName().toString();
    }
}
