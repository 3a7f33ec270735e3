package io.windhover.web.processor;

import io.windhover.web.controller.Produces;
import io.windhover.web.controller.ProducesProblem;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * What an endpoint method answers, as its OpenAPI description says: its {@code @Produces} and
 * {@code @ProducesProblem}, else a 200 of its return type as the web layer writes it (text, bytes or
 * JSON), and nothing for {@code void}, {@code Object} or a {@code Result}, whose answer only the
 * method knows. Types become source that evaluates to a {@code java.lang.reflect.Type}.
 */
final class EndpointResponses {

    private final ProcessingEnvironment environment;

    EndpointResponses(ProcessingEnvironment environment) {
        this.environment = environment;
    }

    /** The method's {@code @Produces} and {@code @ProducesProblem}; without them, its return type's. */
    List<EndpointMethod.ResponseDescription> of(ExecutableElement method) {
        List<EndpointMethod.ResponseDescription> declared = new ArrayList<>();
        for (Produces produces : method.getAnnotationsByType(Produces.class)) {
            String type = typeExpression(producedType(produces));
            declared.add(new EndpointMethod.ResponseDescription(produces.value(), type, type == null ? null : produces.contentType(), false));
        }
        ProducesProblem problems = method.getAnnotation(ProducesProblem.class);
        if (problems != null) {
            for (int status : problems.value()) {
                declared.add(new EndpointMethod.ResponseDescription(status, null, null, true));
            }
        }
        if (!declared.isEmpty()) {
            return List.copyOf(declared);
        }
        TypeMirror type = method.getReturnType();
        String erased = environment.getTypeUtils().erasure(type).toString();
        if (type.getKind() == TypeKind.VOID || erased.equals("java.lang.Object") || isResult(type)) {
            return List.of(); // the answer only the method knows
        }
        String contentType = erased.equals("java.lang.String") ? "text/plain"
                : erased.equals("byte[]") ? "application/octet-stream" : "application/json";
        return List.of(new EndpointMethod.ResponseDescription(200, typeExpression(type), contentType, false));
    }

    /** An annotation's {@code Class} member, which the compiler hands over only as a mirror. */
    private static TypeMirror producedType(Produces produces) {
        try {
            produces.type();
            throw new IllegalStateException("a Class member is read as a mirror at compile time");
        } catch (javax.lang.model.type.MirroredTypeException mirrored) {
            return mirrored.getTypeMirror();
        }
    }

    /** Source that evaluates to {@code type} as a {@code java.lang.reflect.Type}; null for void. */
    private String typeExpression(TypeMirror type) {
        if (type.getKind() == TypeKind.VOID) {
            return null;
        }
        if (type.getKind().isPrimitive()) {
            return environment.getTypeUtils().boxedClass((javax.lang.model.type.PrimitiveType) type).getQualifiedName() + ".class";
        }
        boolean generic = type instanceof DeclaredType declared && !declared.getTypeArguments().isEmpty();
        if (generic && isSpelledWhole(type)) {
            return "new io.windhover.web.GenericType<" + type + ">() { }.type()";
        }
        return environment.getTypeUtils().erasure(type) + ".class";
    }



    private boolean isResult(TypeMirror type) {
        TypeElement result = environment.getElementUtils().getTypeElement("io.windhover.web.Result");
        return result != null && environment.getTypeUtils().isAssignable(type, result.asType());
    }

    /** Whether a parameterised type's arguments are all written out (no wildcard, no type variable), so source can name it. */
    private static boolean isSpelledWhole(TypeMirror type) {
        if (type instanceof DeclaredType declared) {
            return declared.getTypeArguments().stream().allMatch(EndpointResponses::isSpelledWhole);
        }
        return type.getKind() == TypeKind.ARRAY || type.getKind().isPrimitive();
    }
}
