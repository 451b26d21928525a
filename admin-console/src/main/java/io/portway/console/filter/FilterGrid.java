package io.portway.console.filter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter grid of the port and group property pages: rows in, a filter in disjunctive normal form out
 * ({@code [[statement, …], …]}: rows joined by And form a group, Or starts the next group), and back.
 * Form fields are named {@code filter.rows[i].join|property|operator|value}.
 */
public record FilterGrid(List<FilterRow> rows) {

    /** Blank rows offered below the filled ones, so rows can be added without JavaScript. */
    public static final int SPARE_ROWS = 3;
    public static final List<String> OPERATORS =
            Arrays.stream(FilterOperator.values()).map(FilterOperator::symbol).toList();

    private static final Pattern ROW_FIELD = Pattern.compile("filter\\.rows\\[(\\d+)]\\.(join|property|operator|value)");
    private static final Pattern API_FIELD = Pattern.compile("filter\\[(\\d+)]\\[(\\d+)](.*)");

    public FilterGrid {
        rows = List.copyOf(rows);
    }

    /** The grid of an existing filter, with spare blank rows. */
    public static FilterGrid of(Filter filter) {
        List<FilterRow> rows = new ArrayList<>();
        if (filter != null) {
            for (List<FilterStatement> group : filter.groups()) {
                boolean first = true;
                for (FilterStatement statement : group) {
                    rows.add(new FilterRow(first && !rows.isEmpty() ? FilterRow.OR : FilterRow.AND,
                            statement.property(),
                            statement.operator() == null ? "==" : statement.operator().symbol(),
                            statement.value() == null ? "" : statement.value()));
                    first = false;
                }
            }
        }
        return new FilterGrid(rows).withSpareRows(SPARE_ROWS);
    }

    /** The rows a submitted form holds, in index order. */
    public static FilterGrid parse(Map<String, String> form) {
        int count = 0;
        for (String key : form.keySet()) {
            Matcher matcher = ROW_FIELD.matcher(key);
            if (matcher.matches()) {
                count = Math.max(count, Integer.parseInt(matcher.group(1)) + 1);
            }
        }
        List<FilterRow> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(count, 500); i++) {
            String prefix = "filter.rows[" + i + "].";
            rows.add(new FilterRow(form.getOrDefault(prefix + "join", FilterRow.AND),
                    form.getOrDefault(prefix + "property", "").trim(),
                    form.getOrDefault(prefix + "operator", "==").trim(),
                    form.getOrDefault(prefix + "value", "")));
        }
        return new FilterGrid(rows);
    }

    public FilterGrid withSpareRows(int spare) {
        List<FilterRow> filled = rows.stream().filter(row -> !row.isBlank()).toList();
        List<FilterRow> all = new ArrayList<>(filled);
        for (int i = 0; i < spare; i++) {
            all.add(FilterRow.blank());
        }
        return new FilterGrid(all);
    }

    /** The filter's JSON form: groups of statements; blank rows are left out, {@code exists} has no value. */
    public ArrayNode toJson() {
        ArrayNode groups = JsonNodeFactory.instance.arrayNode();
        ArrayNode group = null;
        for (FilterRow row : rows) {
            if (row.isBlank()) {
                continue;
            }
            if (group == null || row.startsGroup()) {
                group = groups.addArray();
            }
            ObjectNode statement = group.addObject();
            statement.put("property", row.property());
            statement.put("operator", row.operator());
            if (!"exists".equals(row.operator())) {
                statement.put("value", row.value());
            }
        }
        return groups;
    }

    /**
     * The form field of an API error about the filter: {@code filter[g][s].value} names the s-th statement of
     * the g-th group, which is one row of the grid.
     */
    public Optional<String> formField(String apiField) {
        Matcher matcher = API_FIELD.matcher(apiField == null ? "" : apiField);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int wantedGroup = Integer.parseInt(matcher.group(1));
        int wantedStatement = Integer.parseInt(matcher.group(2));
        String rest = matcher.group(3).startsWith(".") ? matcher.group(3).substring(1) : "property";
        int groupIndex = -1;
        int statementIndex = 0;
        for (int i = 0; i < rows.size(); i++) {
            FilterRow row = rows.get(i);
            if (row.isBlank()) {
                continue;
            }
            if (groupIndex < 0 || row.startsGroup()) {
                groupIndex++;
                statementIndex = 0;
            } else {
                statementIndex++;
            }
            if (groupIndex == wantedGroup && statementIndex == wantedStatement) {
                String column = List.of("property", "operator", "value").contains(rest) ? rest : "property";
                return Optional.of("filter.rows[" + i + "]." + column);
            }
        }
        return Optional.empty();
    }
}
