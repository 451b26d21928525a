package io.portway.console.web;

import io.portway.console.api.ApiProblem;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A message shown once at the top of the next page: the outcome of an action, or the rule that refused it (the
 * API's problem {@code detail} and {@code code}).
 */
public record Flash(String kind, String message, String code, List<String> lines) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The model / flash attribute name. */
    public static final String ATTRIBUTE = "flash";

    public Flash {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public static Flash success(String message) {
        return new Flash("success", message, null, List.of());
    }

    public static Flash success(String message, List<String> lines) {
        return new Flash("success", message, null, lines);
    }

    public static Flash error(String message) {
        return new Flash("error", message, null, List.of());
    }

    public static Flash refused(ApiProblem problem) {
        return new Flash("error", problem.detail(), problem.code(),
                problem.errors().stream()
                        .map(error -> error.field().isBlank() ? error.message() : error.field() + ": " + error.message())
                        .toList());
    }

    public boolean isError() {
        return "error".equals(kind);
    }
}
