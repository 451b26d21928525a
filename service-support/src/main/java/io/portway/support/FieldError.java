package io.portway.support;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One offending field of a refused request: {@code field} is a JSON path such as {@code primaryTransport.address};
 * {@code code} names the rule when a client may want to tell it apart (e.g. {@code ADDRESS_NOT_ALLOWED}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, String message, String code) {

    public FieldError(String field, String message) {
        this(field, message, null);
    }
}
