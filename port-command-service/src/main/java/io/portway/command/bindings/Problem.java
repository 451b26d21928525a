package io.portway.command.bindings;

import io.portway.command.artifact.ErrorCode;

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
}
