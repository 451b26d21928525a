package io.portway.console.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void an_audit_entry_shows_each_changed_field_before_and_after() throws Exception {
        var entry = HistoryController.auditEntry(json.readTree("""
                {"occurredAt":"2026-11-27T10:00:00Z","artifact":"P1","type":"SendPortConfigured","principal":"admin",
                 "before":{"name":"P1","status":"Stopped","version":3,"primaryTransport":{"address":"file:///a","retryCount":3}},
                 "after":{"name":"P1","status":"Stopped","version":4,"primaryTransport":{"address":"file:///b","retryCount":3},
                          "description":"new"}}
                """));

        assertThat(entry.artifact()).isEqualTo("P1");
        assertThat(entry.principal()).isEqualTo("admin");
        assertThat(entry.changes()).containsExactly(
                new Change("description", "", "new"),
                new Change("primaryTransport.address", "file:///a", "file:///b"));
    }

    @Test
    void a_creation_has_no_before() throws Exception {
        var entry = HistoryController.auditEntry(json.readTree("""
                {"type":"SendPortCreated","before":null,"after":{"name":"P9","status":"Bound"}}
                """));

        assertThat(entry.artifact()).isEqualTo("P9");
        assertThat(entry.changes()).containsExactly(new Change("name", "", "P9"), new Change("status", "", "Bound"));
    }
}
