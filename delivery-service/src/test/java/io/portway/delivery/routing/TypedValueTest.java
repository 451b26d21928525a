package io.portway.delivery.routing;

import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TypedValueTest {

    @Test
    void aHugeExponentAgainstEveryOperator_isDecidedAtOnce() {
        Filter filter = new Filter(List.of(
                List.of(new FilterStatement("Orders.Total", FilterOperator.EQUALS, "1e999999998")),
                List.of(new FilterStatement("Orders.Total", FilterOperator.LESS_THAN, "100")),
                List.of(new FilterStatement("Orders.Total", FilterOperator.GREATER_THAN_OR_EQUAL, "1e-999999999"))));
        CompiledFilter compiled = CompiledFilter.of(filter);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (String value : List.of("1e999999999", "-1e999999999", "1E+999999999", "9.99e-999999999",
                    "10e2147483647", "1e99999999999")) {
                compiled.matches(Map.of("Orders.Total", value));
                TypedValue.of(value).equalityKey();
            }
        });
        assertThat(compiled.matches(Map.of("Orders.Total", "1e999999999"))).isTrue();
        assertThat(compiled.matches(Map.of("Orders.Total", "-1e999999999"))).isTrue();
        assertThat(TypedValue.of("1e999999999").compareTo(TypedValue.of("10e999999998"))).isZero();
        assertThat(TypedValue.of("1e999999999").equalityKey()).isEqualTo(TypedValue.of("10e999999998").equalityKey());
    }
}
