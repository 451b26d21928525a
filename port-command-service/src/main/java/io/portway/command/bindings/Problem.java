package io.portway.command.bindings;

import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.support.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/** One thing wrong with a bindings document: where, which rule (its error code) and what. */
record Problem(String field, ErrorCode code, String message, String rule) {

    /** @param rule a finer code for the field's error, e.g. {@code ADDRESS_NOT_ALLOWED}, or null */
    Problem(String field, ErrorCode code, String message) {
        this(field, code, message, null);
    }

    static Problem invalid(String field, String message) {
        return new Problem(field, ErrorCode.VALIDATION_FAILED, message);
    }

    boolean conflict() {
        return code.status().value() == 409;
    }

    /** One refusal naming every problem: 409 with their code when all are conflicts, else 400 VALIDATION_FAILED. */
    static CommandRefused refusal(String application, List<Problem> problems) {
        boolean conflicts = problems.stream().allMatch(Problem::conflict);
        ErrorCode code = conflicts ? problems.get(0).code() : ErrorCode.VALIDATION_FAILED;
        List<FieldError> errors = problems.stream().map(problem -> new FieldError(problem.field(),
                problem.code() == ErrorCode.VALIDATION_FAILED ? problem.message()
                        : problem.code() + ": " + problem.message(), problem.rule())).toList();
        return new CommandRefused(code, "bindings of application '" + application + "' not imported, nothing was"
                + " changed: " + problems.size() + " problem(s): " + errors.stream()
                .map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; ")), errors);
    }
}
