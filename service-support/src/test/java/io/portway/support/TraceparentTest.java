package io.portway.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceparentTest {

    @Test
    void only_well_formed_version_00_values_with_non_zero_ids_are_kept() {
        assertThat(Traceparent.valid("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(Traceparent.traceId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"))
                .isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(Traceparent.valid(null)).isNull();
        assertThat(Traceparent.valid("")).isNull();
        assertThat(Traceparent.valid("00-00000000000000000000000000000000-b7ad6b7169203331-01")).isNull();
        assertThat(Traceparent.valid("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")).isNull();
        assertThat(Traceparent.valid("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")).isNull();
        assertThat(Traceparent.valid("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).isNull();
        assertThat(Traceparent.valid("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\nX: y")).isNull();
    }

    @Test
    void a_missing_or_malformed_traceparent_leaves_the_thread_as_it_was() {
        try (var none = Traceparent.resume("garbage")) {
            assertThat(Traceparent.current()).isNull();
        }
        try (var none = Traceparent.resume(null)) {
            assertThat(Traceparent.current()).isNull();
        }
    }
}
