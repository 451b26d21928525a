package io.portway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SendPortViewTest {

    final ObjectMapper json = PortwayJackson.newObjectMapper();
    final SendPortView view = SendPortView.of("SP1", false, false, new SendPortConfiguration("d", "Orders",
                    new Transport(TransportType.HTTP, "https://example.com/in", Map.of("password", "secret"), 3,
                            Duration.ofMinutes(5), null), null, SendPipeline.XmlTransmit, Filter.EMPTY, 3, true,
                    false, true, new Tracking(true, false)),
            ArtifactStatus.Started, 4, List.of("G1"));

    @Test
    void the_configuration_is_written_into_the_same_object_with_secrets_masked() throws Exception {
        JsonNode written = json.readTree(json.writeValueAsString(view));
        List<String> fields = new ArrayList<>();
        written.fieldNames().forEachRemaining(fields::add);

        assertThat(fields).containsExactlyInAnyOrder("name", "description", "application", "dynamic", "twoWay",
                "primaryTransport", "backupTransport", "sendPipeline", "filter", "priority", "orderedDelivery",
                "stopSendingOnFailure", "routeFailedMessages", "tracking", "status", "version", "groups");
        assertThat(written.path("primaryTransport").path("properties").path("password").asText())
                .isEqualTo(TransportSecrets.MASK);
        assertThat(written.path("priority").asInt()).isEqualTo(3);
    }

    @Test
    void it_reads_back_and_reads_the_query_services_form_too() throws Exception {
        assertThat(json.readValue(json.writeValueAsString(view), SendPortView.class)).isEqualTo(view);

        SendPortView read = json.readValue("""
                {"artifactId":"a-1","name":"SP2","description":"x","application":"Billing","dynamic":true,
                 "twoWay":false,"primaryTransport":null,"priority":5,"status":"Bound","version":1,
                 "createdAt":"2026-11-27T10:00:00Z","updatedAt":"2026-11-27T10:00:00Z"}""", SendPortView.class);
        assertThat(read.configuration().priority()).isEqualTo(5);
        assertThat(List.of(read.name(), read.description(), read.application(), read.transportSummary()))
                .containsExactly("SP2", "x", "Billing", "dynamic");
        assertThat(read.groups()).isEmpty();
    }
}
