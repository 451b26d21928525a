package io.portway.events;

import java.util.Arrays;
import java.util.Optional;

/** The operators of a filter statement; {@link #symbol()} is the form used in JSON. */
public enum FilterOperator {
    EQUALS("=="),
    NOT_EQUALS("!="),
    LESS_THAN("<"),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">="),
    EXISTS("exists");

    private final String symbol;

    FilterOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public static Optional<FilterOperator> fromSymbol(String symbol) {
        return Arrays.stream(values()).filter(operator -> operator.symbol.equals(symbol)).findFirst();
    }
}
