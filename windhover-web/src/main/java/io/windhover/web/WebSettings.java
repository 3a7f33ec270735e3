package io.windhover.web;

/**
 * What every request's {@link WebContext} shares with its application: the JSON codec, the form
 * limits and the validator. Built once at start.
 */
record WebSettings(JsonCodec json, FormOptions formOptions, BeanValidation validation) {

    static WebSettings defaults(JsonCodec json) {
        return new WebSettings(json, FormOptions.defaults(), new BeanValidation(json));
    }
}
