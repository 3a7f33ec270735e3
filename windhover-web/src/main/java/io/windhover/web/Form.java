package io.windhover.web;

import java.util.List;
import java.util.Map;

/**
 * A form body as read by {@link WebContext#form()}: its fields by name, in order, and its files
 * (multipart only), each on disk for as long as the request lasts.
 *
 * <pre>{@code
 * Form form = context.form();
 * String title = form.value("title");
 * FormFile file = form.file("attachment");
 * }</pre>
 *
 * @param fields every field's values by name, in the order sent
 * @param files every file, in the order sent
 */
public record Form(Map<String, List<String>> fields, List<FormFile> files) {

    public Form {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        files = List.copyOf(files);
    }

    /** The first value of field {@code name}, or null. */
    public String value(String name) {
        List<String> values = fields.get(name);
        return values == null ? null : values.getFirst();
    }

    /** Every value of field {@code name}, in order. */
    public List<String> values(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** The first file sent as field {@code name}, or null. */
    public FormFile file(String name) {
        return files.stream().filter(file -> file.name().equals(name)).findFirst().orElse(null);
    }
}
