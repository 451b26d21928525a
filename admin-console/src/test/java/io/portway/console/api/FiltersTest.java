package io.portway.console.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FiltersTest {

    @Test
    void only_the_given_parameters_count_in_their_order() {
        Filters filters = Filters.of("application", "Orders", "status", " ", "transportType", null, "name", "P1");

        assertThat(List.copyOf(filters.values().keySet())).containsExactly("application", "name");
        assertThat(filters.link("/send-ports")).isEqualTo("/send-ports?application=Orders&name=P1");
    }

    @Test
    void the_back_link_of_an_unfiltered_list_is_the_list_and_values_are_encoded() {
        assertThat(Filters.NONE.link("/send-ports")).isEqualTo("/send-ports");
        assertThat(Filters.of("application", "Orders & Co").link("/send-port-groups"))
                .isEqualTo("/send-port-groups?application=Orders%20%26%20Co");
    }
}
