package io.windhover.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

/**
 * Names a validation error's property as the JSON it came from spells it: a field renamed with
 * {@code @JsonProperty("display_name")}, or by the mapper's naming strategy, is {@code display_name}
 * in {@code errors}, as ASP.NET Core keys {@code ValidationProblemDetails} by the JSON path. Hibernate
 * Validator's own hook ({@link PropertyNodeNameProvider}) asks, Jackson's introspection answers, once
 * per type. Thread-safe.
 */
final class JsonPropertyNames implements PropertyNodeNameProvider {

    private final ObjectMapper mapper;
    /** Java property name to JSON name, per type; only the names that differ. */
    private final ClassValue<Map<String, String>> renamed = new ClassValue<>() {
        @Override
        protected Map<String, String> computeValue(Class<?> type) {
            Map<String, String> names = new HashMap<>();
            for (BeanPropertyDefinition property
                    : mapper.getDeserializationConfig().introspect(mapper.constructType(type)).findProperties()) {
                if (!property.getInternalName().equals(property.getName())) {
                    names.put(property.getInternalName(), property.getName());
                }
            }
            return Map.copyOf(names);
        }
    };

    JsonPropertyNames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String getName(Property property) {
        if (property instanceof JavaBeanProperty bean) {
            return renamed.get(bean.getDeclaringClass()).getOrDefault(property.getName(), property.getName());
        }
        return property.getName();
    }
}
