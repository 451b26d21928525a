package io.portway.console.filter;

import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FilterGridTest {

    @Test
    void rows_joined_by_and_form_a_group_and_or_starts_the_next() {
        Map<String, String> form = new LinkedHashMap<>();
        row(form, 0, "And", "BTS.ReceivePortName", "==", "RP1");
        row(form, 1, "And", "Orders.Country", "!=", "FR");
        row(form, 2, "Or", "Orders.Priority", "exists", "ignored");
        row(form, 3, "And", "", "==", "");

        assertThat(FilterGrid.parse(form).toJson().toString()).isEqualTo(
                "[[{\"property\":\"BTS.ReceivePortName\",\"operator\":\"==\",\"value\":\"RP1\"},"
                        + "{\"property\":\"Orders.Country\",\"operator\":\"!=\",\"value\":\"FR\"}],"
                        + "[{\"property\":\"Orders.Priority\",\"operator\":\"exists\"}]]");
    }

    @Test
    void an_existing_filter_becomes_rows_with_or_at_each_new_group_and_spare_rows() {
        Filter filter = new Filter(List.of(
                List.of(new FilterStatement("A", FilterOperator.EQUALS, "1"),
                        new FilterStatement("B", FilterOperator.GREATER_THAN, "2")),
                List.of(new FilterStatement("C", FilterOperator.EXISTS, null))));

        FilterGrid grid = FilterGrid.of(filter);

        assertThat(grid.rows()).hasSize(3 + FilterGrid.SPARE_ROWS);
        assertThat(grid.rows().subList(0, 3)).containsExactly(
                new FilterRow("And", "A", "==", "1"),
                new FilterRow("And", "B", ">", "2"),
                new FilterRow("Or", "C", "exists", ""));
    }

    @Test
    void an_api_error_about_a_statement_lands_on_its_row_even_after_blank_rows() {
        Map<String, String> form = new LinkedHashMap<>();
        row(form, 0, "And", "A", "==", "1");
        row(form, 1, "And", "", "==", "");
        row(form, 2, "Or", "B", "==", "2");
        row(form, 3, "And", "C", "<", "x");
        FilterGrid grid = FilterGrid.parse(form);

        assertThat(grid.formField("filter[1][1].value")).contains("filter.rows[3].value");
        assertThat(grid.formField("filter[0][0].property")).contains("filter.rows[0].property");
        assertThat(grid.formField("filter[1][0]")).contains("filter.rows[2].property");
        assertThat(grid.formField("filter[5][0].value")).isEmpty();
        assertThat(grid.formField("priority")).isEmpty();
    }

    private static void row(Map<String, String> form, int index, String join, String property, String operator,
            String value) {
        form.put("filter.rows[" + index + "].join", join);
        form.put("filter.rows[" + index + "].property", property);
        form.put("filter.rows[" + index + "].operator", operator);
        form.put("filter.rows[" + index + "].value", value);
    }
}
