package io.windhover.web.processor;

/** Where an endpoint method's parameter takes its value from, and the call on the request's context that reads it. */
enum ParameterSource {
    ROUTE("context.route(%s, %s.class)"),
    QUERY("context.query(%s, %s.class)"),
    HEADER("context.header(%s, %s.class)"),
    FORM_FIELD("context.form().value(%s)"),
    FORM_FILE("context.form().file(%s)"),
    /** The whole form bound to a record or bean. */
    FORM("context.form(%2$s.class)"),
    BODY("context.body(%2$s.class)"),
    /** The request's {@code WebContext} itself. */
    CONTEXT("context");

    /** The expression, formatted with the quoted name and the erased type. */
    final String expression;

    ParameterSource(String expression) {
        this.expression = expression;
    }
}
