package io.portway.console.filter;

/**
 * One row of the filter grid, as in the original's filter dialog: property, operator, value and how the row joins
 * the one above ({@code And} keeps it in the same group, {@code Or} starts a new group).
 */
public record FilterRow(String join, String property, String operator, String value) {

    public static final String AND = "And";
    public static final String OR = "Or";

    public static FilterRow blank() {
        return new FilterRow(AND, "", "==", "");
    }

    public boolean isBlank() {
        return (property == null || property.isBlank()) && (value == null || value.isBlank());
    }

    public boolean startsGroup() {
        return OR.equalsIgnoreCase(join);
    }
}
