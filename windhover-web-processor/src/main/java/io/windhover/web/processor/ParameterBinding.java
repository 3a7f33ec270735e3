package io.windhover.web.processor;

/**
 * One parameter of an endpoint method as the generated code binds it.
 *
 * @param source where its value comes from
 * @param name the route value's, query parameter's, header's or form field's name
 * @param type its type's erasure, as source code ({@code int}, {@code java.lang.String})
 */
record ParameterBinding(ParameterSource source, String name, String type) {

    /** The Java expression that reads it from {@code context}. */
    String expression() {
        return source.expression.formatted(SourceText.quoted(name), type);
    }
}
