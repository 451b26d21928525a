package io.portway.console.sendport;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Transport;
import io.portway.messaging.PortwayJackson;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SendPortFormTest {

    @Test
    void a_typed_form_becomes_the_api_body_that_the_shared_types_read() throws Exception {
        Map<String, String> form = new HashMap<>();
        form.put("name", " P1 ");
        form.put("application", "Orders");
        form.put("primaryTransport.type", "FILE");
        form.put("primaryTransport.address", "file:///tmp/out/%MessageID%.xml");
        form.put("primaryTransport.retryCount", "2");
        form.put("primaryTransport.retryInterval", "PT1M");
        form.put("primaryTransport.properties", "encoding=utf-8\nnot a property\n");
        form.put("primaryTransport.serviceWindow.enabled", "true");
        form.put("primaryTransport.serviceWindow.from", "08:00");
        form.put("primaryTransport.serviceWindow.to", "17:30");
        form.put("sendPipeline", "XmlTransmit");
        form.put("priority", "3");
        form.put("orderedDelivery", "true");
        form.put("tracking.messageBodies", "true");
        form.put("filter.rows[0].property", "BTS.ReceivePortName");
        form.put("filter.rows[0].operator", "==");
        form.put("filter.rows[0].value", "RP1");
        form.put("version", "4");

        SendPortForm parsed = SendPortForm.parse(form);
        JsonNode body = parsed.toJson();

        assertThat(parsed.version()).isEqualTo(4);
        assertThat(body.path("name").asText()).isEqualTo("P1");
        assertThat(body.has("backupTransport")).isFalse();
        assertThat(body.path("priority").isInt()).isTrue();
        Transport primary = PortwayJackson.newObjectMapper().treeToValue(body.get("primaryTransport"), Transport.class);
        assertThat(primary.retryCount()).isEqualTo(2);
        assertThat(primary.retryInterval()).hasMinutes(1);
        assertThat(primary.properties()).containsExactly(Map.entry("encoding", "utf-8"));
        assertThat(primary.serviceWindow().from().toString()).isEqualTo("08:00");
        assertThat(body.path("filter").toString())
                .isEqualTo("[[{\"property\":\"BTS.ReceivePortName\",\"operator\":\"==\",\"value\":\"RP1\"}]]");
        assertThat(body.path("tracking").path("messageBodies").asBoolean()).isTrue();
    }

    @Test
    void what_is_not_a_number_is_sent_as_typed_for_the_api_to_name_it() {
        Map<String, String> form = new HashMap<>();
        form.put("name", "P1");
        form.put("priority", "high");
        form.put("primaryTransport.retryCount", "many");

        JsonNode body = SendPortForm.parse(form).toJson();

        assertThat(body.path("priority").asText()).isEqualTo("high");
        assertThat(body.path("primaryTransport").path("retryCount").asText()).isEqualTo("many");
    }

    @Test
    void a_dynamic_port_sends_no_transport_and_a_blank_application_is_the_default_one() {
        Map<String, String> form = new HashMap<>();
        form.put("name", "D1");
        form.put("dynamic", "true");
        form.put("primaryTransport.address", "file:///ignored");

        JsonNode body = SendPortForm.parse(form).toJson();

        assertThat(body.has("primaryTransport")).isFalse();
        assertThat(body.path("application").asText()).isEqualTo(SendPortConfiguration.DEFAULT_APPLICATION);
    }

    @Test
    void each_field_belongs_to_its_tab() {
        assertThat(SendPortForm.tabOf("primaryTransport.address")).isEqualTo("general");
        assertThat(SendPortForm.tabOf("primaryTransport.retryInterval")).isEqualTo("advanced");
        assertThat(SendPortForm.tabOf("stopSendingOnFailure")).isEqualTo("advanced");
        assertThat(SendPortForm.tabOf("backupTransport.address")).isEqualTo("backup");
        assertThat(SendPortForm.tabOf("filter.rows[2].value")).isEqualTo("filters");
        assertThat(SendPortForm.tabOf("tracking.properties")).isEqualTo("tracking");
    }
}
