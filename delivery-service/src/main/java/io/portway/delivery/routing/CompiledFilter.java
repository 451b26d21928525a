package io.portway.delivery.routing;

import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;

import java.util.List;
import java.util.Map;

/**
 * A filter in disjunctive normal form with its values parsed once: the statements of a conjunction are ANDed, the
 * conjunctions ORed. Every operator except {@code exists} needs the property to be present; an empty filter
 * matches nothing.
 */
public record CompiledFilter(List<Conjunction> conjunctions) {

    public static CompiledFilter of(Filter filter) {
        return new CompiledFilter(filter == null ? List.of()
                : filter.groups().stream().filter(group -> !group.isEmpty()).map(Conjunction::of).toList());
    }

    public boolean matches(MessageContext context) {
        for (Conjunction conjunction : conjunctions) {
            if (conjunction.matches(context)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(Map<String, String> context) {
        return matches(new MessageContext(context));
    }

    /** Statements that must all hold. */
    public record Conjunction(List<Statement> statements) {

        static Conjunction of(List<FilterStatement> statements) {
            return new Conjunction(statements.stream().map(Statement::of).toList());
        }

        public boolean matches(MessageContext context) {
            for (Statement statement : statements) {
                if (!statement.matches(context)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One comparison; {@code value} is null for {@code exists}. */
    public record Statement(String property, FilterOperator operator, TypedValue value) {

        static Statement of(FilterStatement statement) {
            return new Statement(statement.property(), statement.operator(),
                    statement.operator() == FilterOperator.EXISTS || statement.value() == null
                            ? null : TypedValue.of(statement.value()));
        }

        public boolean matches(MessageContext context) {
            if (operator == FilterOperator.EXISTS) {
                return context.has(property);
            }
            TypedValue actual = context.typed(property);
            if (actual == null || value == null) {
                return false;
            }
            int comparison = actual.compareTo(value);
            return switch (operator) {
                case EQUALS -> comparison == 0;
                case NOT_EQUALS -> comparison != 0;
                case LESS_THAN -> comparison < 0;
                case LESS_THAN_OR_EQUAL -> comparison <= 0;
                case GREATER_THAN -> comparison > 0;
                case GREATER_THAN_OR_EQUAL -> comparison >= 0;
                case EXISTS -> true;
            };
        }
    }
}
