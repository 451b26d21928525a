package io.portway.console.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BindingsPreviewTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void the_preview_names_what_would_be_created_changed_left_alone_and_untouched() throws Exception {
        JsonNode current = json.readTree("""
                {"application":"Orders",
                 "sendPorts":[
                   {"name":"P1","status":"Started","version":7,"primaryTransport":{"type":"FILE","address":"file:///a"}},
                   {"name":"P2","status":"Bound","version":1,"primaryTransport":{"type":"FILE","address":"file:///b"}},
                   {"name":"P3","status":"Bound","version":1}],
                 "sendPortGroups":[{"name":"G1","status":"Stopped","sendPorts":[{"name":"P1","status":"Started"}]}]}
                """);
        JsonNode incoming = BindingsPreview.withOverrides(json.readTree("""
                {"application":"Orders",
                 "sendPorts":[
                   {"name":"P1","status":"Stopped","version":2,"primaryTransport":{"type":"FILE","address":"file:///a"}},
                   {"name":"P2","status":"Bound","primaryTransport":{"type":"FILE","address":"file:///b"}},
                   {"name":"P4","status":"Started","primaryTransport":{"type":"FILE","address":"file:///d"}}],
                 "sendPortGroups":[{"name":"G1","status":"Stopped","sendPorts":["P1"]}],
                 "overrides":{"P2":{"primaryTransport.address":"file:///prod"}}}
                """));

        BindingsPreview preview = BindingsPreview.of(current, incoming);

        assertThat(preview.application()).isEqualTo("Orders");
        assertThat(preview.items()).extracting(item -> item.name() + " " + item.outcome()).containsExactly(
                "P1 CHANGE", "P2 CHANGE", "P4 CREATE", "P3 NOT_IN_DOCUMENT", "G1 UNCHANGED");
        assertThat(preview.items().get(0).details()).containsExactly("status: Started → Stopped");
        assertThat(preview.items().get(1).details()).containsExactly("primaryTransport.address: file:///b → file:///prod");
        assertThat(preview.hasChanges()).isTrue();
    }

    @Test
    void importing_into_an_application_that_does_not_exist_creates_everything() throws Exception {
        JsonNode incoming = json.readTree("""
                {"application":"New","sendPorts":[{"name":"P1","status":"Bound"}],"sendPortGroups":[]}
                """);

        BindingsPreview preview = BindingsPreview.of(null, incoming);

        assertThat(preview.items()).extracting(BindingsPreview.Item::outcome)
                .containsExactly(BindingsPreview.Outcome.CREATE);
    }
}
