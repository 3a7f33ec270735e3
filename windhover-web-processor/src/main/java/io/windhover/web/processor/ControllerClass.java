package io.windhover.web.processor;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Controller} class as read from its source.
 *
 * @param element the class
 * @param packageName its package, where the routes class is written
 * @param routesName the simple name of the routes class ({@code TodoControllerRoutes})
 * @param lifetime the name of its {@code Lifetime} constant
 * @param hasNoArgumentConstructor whether the routes can make it with {@code new}
 * @param endpoints its endpoint methods
 */
record ControllerClass(TypeElement element, String packageName, String routesName, String lifetime,
        boolean hasNoArgumentConstructor, List<EndpointMethod> endpoints) {

    /** Its name as source code refers to it. */
    String typeName() {
        return element.getQualifiedName().toString();
    }

    /** The routes class's binary name, as the services file lists it. */
    String routesBinaryName() {
        return packageName.isEmpty() ? routesName : packageName + "." + routesName;
    }
}
