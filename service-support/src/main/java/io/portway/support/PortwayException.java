package io.portway.support;

import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * A refusal the API reports as problem+json: an HTTP status, a stable machine-readable {@code code}, a human
 * {@code detail} naming the artifact, its state and the rule, and the offending fields where there are any.
 */
public class PortwayException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldError> errors;

    public PortwayException(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public PortwayException(HttpStatus status, String code, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }
}
