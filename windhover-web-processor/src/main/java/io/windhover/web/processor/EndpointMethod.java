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
 * @param responses what it answers as the OpenAPI document describes it: its {@code @Produces} and
 *     {@code @ProducesProblem}, else its return type's 200 (none for void, {@code Object}, a {@code Result})
 * @param authorization its class's and its own {@code @Authorize} and {@code @AllowAnonymous}
 */
record EndpointMethod(ExecutableElement element, List<String> httpMethods, String template, List<ParameterBinding> parameters,
        boolean returnsVoid, String summary, List<ResponseDescription> responses, EndpointAuthorization authorization) {

    /**
     * One response: its status, the Java expression of its body's {@code java.lang.reflect.Type}
     * ({@code Todo.class}, a {@code GenericType} for a parameterised type; null for no body), its
     * content type, and whether it is problem details.
     */
    record ResponseDescription(int status, String typeExpression, String contentType, boolean problem) {
    }

    String name() {
        return element.getSimpleName().toString();
    }
}
