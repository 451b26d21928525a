package io.portway.query.projection;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CopyRowsTest {

    @Test
    void fields_are_tab_separated_rows_newline_terminated_and_null_is_backslash_n() {
        CopyRows rows = new CopyRows(4);
        rows.field("a").field((String) null).field(7).field(-12).field(1234567890123L).endRow();
        rows.field((byte[]) null).field("").endRow();
        assertThat(rows).hasToString("a\t\\N\t7\t-12\t1234567890123\n\\N\t\n");
        assertThat(rows.rows()).isEqualTo(2);
    }

    @Test
    void backslash_newline_carriage_return_and_tab_are_escaped_in_strings_and_documents() {
        CopyRows rows = new CopyRows(8);
        rows.field("a\\b\nc\rd\te").field("{\"x\":\"tab\\there\"}".getBytes(StandardCharsets.UTF_8)).endRow();
        assertThat(rows).hasToString("a\\\\b\\nc\\rd\\te\t{\"x\":\"tab\\\\there\"}\n");
    }

    @Test
    void u0000_which_no_postgresql_text_holds_becomes_the_replacement_character_other_controls_pass() {
        CopyRows rows = new CopyRows(2);
        rows.field("a\u0000b\u0001").field("x\u0000".getBytes(StandardCharsets.UTF_8)).endRow();
        assertThat(rows).hasToString("a\uFFFDb\u0001\tx\uFFFD\n");
    }

    @Test
    void text_beyond_ascii_is_written_as_utf8_unchanged() {
        CopyRows rows = new CopyRows(2);
        rows.field("Zürich ≥ 100 €\t😀").field("größer".getBytes(StandardCharsets.UTF_8)).endRow();
        assertThat(rows).hasToString("Zürich ≥ 100 €\\t😀\tgrößer\n");
    }

    @Test
    void clearing_starts_a_new_buffer() {
        CopyRows rows = new CopyRows();
        rows.field("x").endRow();
        rows.clear();
        assertThat(rows.isEmpty()).isTrue();
        rows.field("y").field("z").endRow();
        assertThat(rows).hasToString("y\tz\n");
    }

    @Test
    void instants_are_written_as_instant_to_string_writes_them() {
        java.util.List<java.time.Instant> instants = new java.util.ArrayList<>(java.util.List.of(
                java.time.Instant.EPOCH, java.time.Instant.parse("1969-12-31T23:59:59.999999999Z"),
                java.time.Instant.parse("2026-12-02T01:33:11.983975272Z"),
                java.time.Instant.parse("2026-02-28T23:00:00.120Z"), java.time.Instant.parse("2024-02-29T12:00:00.000120Z"),
                java.time.Instant.parse("0000-01-01T00:00:00Z"), java.time.Instant.parse("9999-12-31T23:59:59.5Z"),
                java.time.Instant.parse("+10000-01-01T00:00:00Z"), java.time.Instant.parse("-0001-12-31T23:59:59Z")));
        java.util.Random random = new java.util.Random(12);
        for (int i = 0; i < 10_000; i++) {
            instants.add(java.time.Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    }));
        }
        for (java.time.Instant instant : instants) {
            CopyRows rows = new CopyRows(1);
            rows.field("a").field(instant).endRow();
            assertThat(rows).hasToString("a\t" + instant + "\n");
        }
        CopyRows rows = new CopyRows(1);
        assertThat(rows.field((java.time.Instant) null).endRow()).hasToString("\\N\n");
    }
}
