package io.portway.command.artifact;

import org.springframework.http.HttpStatus;

/** The stable codes of refused commands (docs/RULES.md §9), each with the HTTP status it is answered with. */
public enum ErrorCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    NAME_TAKEN(HttpStatus.CONFLICT),
    INVALID_TRANSITION(HttpStatus.CONFLICT),
    NO_ENLISTED_MEMBER(HttpStatus.CONFLICT),
    LAST_ENLISTED_MEMBER(HttpStatus.CONFLICT),
    MEMBER_NOT_STOPPED(HttpStatus.CONFLICT),
    PORT_IN_GROUP(HttpStatus.CONFLICT),
    NOT_BOUND(HttpStatus.CONFLICT),
    NOT_GROUPABLE(HttpStatus.CONFLICT),
    IMMUTABLE_PROPERTY(HttpStatus.CONFLICT),
    VERSION_CONFLICT(HttpStatus.PRECONDITION_FAILED);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
