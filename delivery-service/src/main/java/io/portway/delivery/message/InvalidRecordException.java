package io.portway.delivery.message;

/**
 * A record of {@code portway.messages} the intake cannot accept: it is parked on the dead-letter topic with
 * {@link #code()} and the detail as its reason, never retried.
 */
class InvalidRecordException extends RuntimeException {

    private final String code;

    InvalidRecordException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    String code() {
        return code;
    }
}
