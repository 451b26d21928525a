package io.portway.delivery.routing;

import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompiledFilterTest {

    private static FilterStatement s(String property, String operator, String value) {
        return new FilterStatement(property, FilterOperator.fromSymbol(operator).orElseThrow(), value);
    }

    private static boolean matches(Filter filter, Map<String, String> context) {
        return CompiledFilter.of(filter).matches(context);
    }

    @Test
    void statements_in_a_group_are_anded_and_groups_are_ored() {
        Filter filter = new Filter(List.of(
                List.of(s("Orders.Country", "==", "NL"), s("Orders.Amount", ">", "100")),
                List.of(s("Orders.Priority", "==", "High"))));

        assertThat(matches(filter, Map.of("Orders.Country", "NL", "Orders.Amount", "150"))).isTrue();
        assertThat(matches(filter, Map.of("Orders.Country", "NL", "Orders.Amount", "50"))).isFalse();
        assertThat(matches(filter, Map.of("Orders.Country", "BE", "Orders.Amount", "150"))).isFalse();
        assertThat(matches(filter, Map.of("Orders.Priority", "High"))).isTrue();
        assertThat(matches(filter, Map.of())).isFalse();
    }

    @Test
    void an_empty_filter_matches_nothing() {
        assertThat(matches(Filter.EMPTY, Map.of("a", "b"))).isFalse();
        assertThat(matches(null, Map.of("a", "b"))).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            // numbers compare numerically when both sides are numbers
            "10, <, 9, false",
            "9, <, 10, true",
            "10, ==, 10.0, true",
            "10, !=, 10.00, false",
            "-1.5, <=, -1.5, true",
            "2, >=, 10, false",
            "1e3, ==, 1000, true",
            // instants compare in time, whatever the offset
            "2024-05-01T10:00:00Z, ==, 2024-05-01T12:00:00+02:00, true",
            "2024-05-01T10:00:00Z, <, 2024-05-01T10:00:01Z, true",
            "2024-05-02T00:00:00Z, >, 2024-05-01T23:59:59Z, true",
            // else strings, case-sensitive
            "abc, <, abd, true",
            "B, >, a, false",
            "NL, ==, NL, true",
            "NL, ==, nl, false",
            "NL, !=, BE, true",
            // mixed types fall back to string comparison
            "10, <, abc, true",
            "9, >, 10x, true"
    })
    void comparison_is_typed(String actual, String operator, String expected, boolean result) {
        Filter filter = new Filter(List.of(List.of(s("P", operator, expected))));
        assertThat(matches(filter, Map.of("P", actual))).isEqualTo(result);
    }

    @Test
    void exists_needs_only_the_property_and_other_operators_need_it_present() {
        Filter exists = new Filter(List.of(List.of(s("P", "exists", null))));
        Filter notEquals = new Filter(List.of(List.of(s("P", "!=", "x"))));

        assertThat(matches(exists, Map.of("P", ""))).isTrue();
        assertThat(matches(exists, Map.of("Q", "x"))).isFalse();
        assertThat(matches(notEquals, Map.of("Q", "y"))).isFalse();
        assertThat(matches(notEquals, Map.of("P", "y"))).isTrue();
    }

    @Test
    void equality_keys_agree_with_typed_comparison() {
        assertThat(TypedValue.of("10").equalityKey()).isEqualTo(TypedValue.of("10.000").equalityKey());
        assertThat(TypedValue.of("0.0").equalityKey()).isEqualTo(TypedValue.of("-0").equalityKey());
        assertThat(TypedValue.of("2024-05-01T10:00:00Z").equalityKey())
                .isEqualTo(TypedValue.of("2024-05-01T12:00:00+02:00").equalityKey());
        assertThat(TypedValue.of("NL").equalityKey()).isNotEqualTo(TypedValue.of("nl").equalityKey());
    }
}
