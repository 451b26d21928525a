package io.portway.events;

/** One comparison of a message context property; {@code value} is null for {@link FilterOperator#EXISTS}. */
public record FilterStatement(String property, FilterOperator operator, String value) {
}
