package io.portway.command.artifact;

import io.portway.support.FieldError;
import io.portway.support.PortwayException;

import java.util.List;

/** A command the rules refuse; nothing is recorded. The shared advice answers it as problem+json. */
public class CommandRefused extends PortwayException {

    private final ErrorCode errorCode;

    public CommandRefused(ErrorCode errorCode, String detail) {
        this(errorCode, detail, List.of());
    }

    public CommandRefused(ErrorCode errorCode, String detail, List<FieldError> errors) {
        super(errorCode.status(), errorCode.name(), detail, errors);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static CommandRefused invalid(List<FieldError> errors) {
        StringBuilder detail = new StringBuilder("invalid request: ");
        for (int i = 0; i < errors.size(); i++) {
            detail.append(i == 0 ? "" : "; ").append(errors.get(i).field()).append(": ")
                    .append(errors.get(i).message());
        }
        return new CommandRefused(ErrorCode.VALIDATION_FAILED, detail.toString(), errors);
    }
}
