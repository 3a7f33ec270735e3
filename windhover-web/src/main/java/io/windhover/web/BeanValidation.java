package io.windhover.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Locale;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Jakarta Bean Validation of bound values, through Hibernate Validator. The validator is built on
 * the first value that needs it, and whether a type has constraints at all is asked once per type
 * ({@link ClassValue}): a type without any costs one lookup per request and never starts the
 * validator's machinery. Thread-safe; one per application.
 *
 * <p>In a named module, a package of validated types must be opened to the validator:
 * {@code opens com.example.todos to org.hibernate.validator;}. Messages are Hibernate Validator's defaults ({@code must not be blank}), interpolated without
 * Jakarta EL: {@code {min}}-style parameters are filled in, {@code ${...}} expressions are not.
 */
final class BeanValidation {

    /**
     * Hibernate Validator announces its version at INFO through java.util.logging when first used,
     * a line in the middle of a server's log (or of a one-line refusal to start): quieted. Held in a
     * field because a logger's level lasts only as long as the logger is reachable.
     */
    private static final java.util.logging.Logger VERSION_BANNER = quieted("org.hibernate.validator.internal.util.Version");

    private static java.util.logging.Logger quieted(String name) {
        var logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private volatile Validator validator;
    /** How error keys spell a property: as its JSON does, when the JSON is Jackson's; else its Java name. */
    private final PropertyNodeNameProvider names;

    /** Errors keyed by Java property names: for what is not bound from JSON (configuration sections). */
    BeanValidation() {
        this.names = null;
    }

    /** Errors keyed by the names {@code json} reads and writes, where it is Jackson's. */
    BeanValidation(JsonCodec json) {
        this.names = json instanceof JacksonJsonCodec jackson ? new JsonPropertyNames(jackson.mapper()) : null;
    }
    private final ClassValue<Boolean> constrained = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return validator().getConstraintsForClass(type).isBeanConstrained();
        }
    };

    /** Whether {@code type} has constraints, on itself, its properties or what it cascades to. */
    boolean isConstrained(Class<?> type) {
        return constrained.get(type);
    }

    /** @throws ValidationFailedException naming each property that breaks a constraint */
    void validate(Object value) {
        if (value == null || !isConstrained(value.getClass())) {
            return;
        }
        Set<ConstraintViolation<Object>> violations;
        try {
            violations = validator().validate(value);
        } catch (java.lang.reflect.InaccessibleObjectException e) {
            Module module = value.getClass().getModule();
            throw new IllegalStateException("Hibernate Validator cannot read " + value.getClass().getName()
                    + ": add 'opens " + value.getClass().getPackageName() + " to org.hibernate.validator;' to "
                    + (module.isNamed() ? "module " + module.getName() : "its module") + "'s module-info.java", e);
        }
        if (violations.isEmpty()) {
            return;
        }
        // Sorted, so that the answer is the same every time: the validator's set has no order.
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConstraintViolation<Object> violation : violations) {
            errors.computeIfAbsent(jsonPath(violation.getPropertyPath()), key -> new ArrayList<>()).add(violation.getMessage());
        }
        errors.values().forEach(messages -> messages.sort(null));
        throw new ValidationFailedException(errors);
    }

    /**
     * {@code tags[1]}, {@code address.city}, {@code scores[home]}; an empty path (a constraint on the
     * type itself) is {@code ""}, as ASP.NET Core names a model-level error.
     */
    static String jsonPath(Path path) {
        var text = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                text.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                text.append('[').append(node.getKey()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(node.getName());
            }
        }
        return text.toString();
    }

    private Validator validator() {
        Validator current = validator;
        if (current == null) {
            synchronized (this) {
                if (validator == null) {
                    // Locale.ROOT: the base messages, in English, whatever the server's locale; a
                    // client's answer should not change with the machine it reached.
                    var configuration = Validation.byProvider(HibernateValidator.class).configure()
                            .messageInterpolator(new ParameterMessageInterpolator(Set.of(Locale.ROOT), Locale.ROOT,
                                    context -> Locale.ROOT, false));
                    if (names != null) {
                        configuration.propertyNodeNameProvider(names);
                    }
                    ValidatorFactory factory = configuration.buildValidatorFactory();
                    validator = factory.getValidator();
                }
                current = validator;
            }
        }
        return current;
    }
}
