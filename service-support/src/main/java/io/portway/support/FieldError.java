package io.portway.support;

/** One offending field of a refused request: {@code field} is a JSON path such as {@code primaryTransport.address}. */
public record FieldError(String field, String message) {
}
