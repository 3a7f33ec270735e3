package io.windhover.web.openapi;

import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.windhover.web.routing.RouteConstraint;
import io.windhover.web.routing.RouteTemplate;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * A route parameter's schema from its constraints, as ASP.NET Core's OpenAPI generator reads
 * them: the type from {@code int}, {@code long}, {@code double}, {@code bool}, {@code guid}, bounds
 * from {@code min}, {@code max}, {@code range}, {@code length}, {@code minlength},
 * {@code maxlength}, a pattern from {@code alpha} and {@code regex}; a string where none says more.
 */
final class RouteParameterSchema {

    private RouteParameterSchema() {
    }

    /** The schema of {@code parameter}, starting from {@code typed} (its Java type's) when known. */
    static Schema<?> of(RouteTemplate.Parameter parameter, Schema<?> typed) {
        Schema<?> schema = typed != null ? typed : new JsonSchema().types(Set.of("string"));
        for (RouteConstraint constraint : parameter.constraints()) {
            apply(schema, constraint.text());
        }
        if (parameter.defaultValue() != null) {
            schema.setDefault(parameter.defaultValue());
        }
        return schema;
    }

    private static void apply(Schema<?> schema, String constraint) {
        int open = constraint.indexOf('(');
        String name = (open < 0 ? constraint : constraint.substring(0, open)).toLowerCase(Locale.ROOT);
        String argument = open < 0 ? "" : constraint.substring(open + 1, constraint.length() - 1);
        switch (name) {
            case "int" -> schema.types(Set.of("integer")).format("int32");
            case "long" -> schema.types(Set.of("integer")).format("int64");
            case "double" -> schema.types(Set.of("number")).format("double");
            case "bool" -> schema.types(Set.of("boolean")).format(null);
            case "guid" -> schema.types(Set.of("string")).format("uuid");
            case "alpha" -> schema.types(Set.of("string")).pattern("^[A-Za-z]*$");
            case "regex" -> schema.pattern(argument);
            case "min" -> schema.minimum(new BigDecimal(argument.strip()));
            case "max" -> schema.maximum(new BigDecimal(argument.strip()));
            case "range" -> {
                String[] bounds = argument.split(",");
                schema.minimum(new BigDecimal(bounds[0].strip())).maximum(new BigDecimal(bounds[1].strip()));
            }
            case "minlength" -> schema.minLength(Integer.parseInt(argument.strip()));
            case "maxlength" -> schema.maxLength(Integer.parseInt(argument.strip()));
            case "length" -> {
                String[] bounds = argument.split(",");
                schema.minLength(Integer.parseInt(bounds[0].strip()));
                schema.maxLength(Integer.parseInt(bounds[bounds.length - 1].strip()));
            }
            default -> { } // a constraint with nothing to say in a schema
        }
    }
}
