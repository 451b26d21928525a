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
}
