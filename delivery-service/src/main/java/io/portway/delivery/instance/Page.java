package io.portway.delivery.instance;

import io.portway.support.FieldError;
import io.portway.support.PortwayException;
import org.springframework.http.HttpStatus;

import java.util.List;

/** A page of a list, newest first; {@code next} is the cursor of the following page, null on the last. */
public record Page<T>(List<T> items, String next) {

    public static <T> Page<T> of(List<T> items, Long next) {
        return new Page<>(items, next == null ? null : Long.toString(next));
    }

    /** The position a cursor stands for; no cursor = from the newest. */
    public static long cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "cursor is not valid",
                    List.of(new FieldError("cursor", "is not a cursor this API returned")));
        }
    }
}
