package io.portway.console.web;

import io.portway.console.api.ApiProblem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The API's field errors placed on a form: {@code byField} maps a form field name to its message (shown next to
 * the input); errors whose field the form does not have are kept under the key {@code ""} for the summary.
 */
public record FieldErrors(Map<String, String> byField) {

    public static final FieldErrors NONE = new FieldErrors(Map.of());

    public FieldErrors {
        byField = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byField));
    }

    /** {@code toFormField} turns an API field path into a form field name (empty: keep the API's name). */
    public static FieldErrors of(ApiProblem problem, Function<String, Optional<String>> toFormField) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (ApiProblem.FieldProblem error : problem.errors()) {
            String field = error.field() == null ? "" : error.field();
            String formField = toFormField.apply(field).orElse(field);
            byField.merge(formField, error.message(), (first, second) -> first + "; " + second);
        }
        return new FieldErrors(byField);
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public String get(String field) {
        return byField.get(field);
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }
}
