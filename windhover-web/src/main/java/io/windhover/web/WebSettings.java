package io.windhover.web;

import io.windhover.web.routing.Router;

/**
 * What every request's {@link WebContext} shares with its application: the JSON codec, the form
 * limits, the validator and the routes. Built once at start.
 */
record WebSettings(JsonCodec json, FormOptions formOptions, BeanValidation validation, Router<RouteTarget> routes) {

    static WebSettings defaults(JsonCodec json) {
        return new WebSettings(json, FormOptions.defaults(), new BeanValidation(json), Router.<RouteTarget>builder().build());
    }
}
