package io.portway.command.bindings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.messaging.PortwayJackson;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OverridesTest {

    static final ObjectMapper JSON = PortwayJackson.newObjectMapper();

    final List<Problem> problems = new ArrayList<>();

    @Test
    void anAddressOverrideReplacesTheAddressAndNothingElse() throws Exception {
        ObjectNode port = port();
        var applied = Overrides.apply(overrides("""
                {"out": {"primaryTransport.address": "https://prod.example.com/orders",
                         "primaryTransport.type": "HTTP"}}"""), Map.of("out", port), Map.of(), problems);

        assertThat(problems).isEmpty();
        assertThat(port.at("/primaryTransport/address").asText()).isEqualTo("https://prod.example.com/orders");
        assertThat(port.at("/primaryTransport/type").asText()).isEqualTo("HTTP");
        assertThat(port.at("/primaryTransport/retryCount").asInt()).isEqualTo(7);
        assertThat(port.get("description").asText()).isEqualTo("test");
        assertThat(applied).containsEntry("out", new java.util.LinkedHashSet<>(
                List.of("primaryTransport.address", "primaryTransport.type")));
    }

    @Test
    void missingObjectsOnThePathAreCreated_andAPropertyKeyMayContainDots() throws Exception {
        ObjectNode port = port();
        Overrides.apply(overrides("""
                {"out": {"backupTransport.address": "file:///backup/%MessageID%.xml",
                         "primaryTransport.properties.Content.Type": "text/xml",
                         "status": "Stopped"}}"""), Map.of("out", port), Map.of(), problems);

        assertThat(problems).isEmpty();
        assertThat(port.at("/backupTransport/address").asText()).isEqualTo("file:///backup/%MessageID%.xml");
        assertThat(port.at("/primaryTransport/properties").get("Content.Type").asText()).isEqualTo("text/xml");
        assertThat(port.get("status").asText()).isEqualTo("Stopped");
    }

    @Test
    void aNullValueClearsAField() throws Exception {
        ObjectNode port = port();
        Overrides.apply(overrides("{\"out\": {\"primaryTransport.serviceWindow\": null}}"), Map.of("out", port),
                Map.of(), problems);

        assertThat(problems).isEmpty();
        assertThat(port.at("/primaryTransport/serviceWindow").isNull()).isTrue();
    }

    @Test
    void unknownPathsIdentityPathsAndArtifactsOutsideTheDocumentAreProblems_andChangeNothing() throws Exception {
        ObjectNode port = port();
        ObjectNode before = port.deepCopy();
        ObjectNode group = (ObjectNode) JSON.readTree("{\"name\": \"g\", \"sendPorts\": []}");

        Overrides.apply(overrides("""
                {"out": {"primaryTransport.adress": "x", "name": "renamed", "dynamic": true},
                 "g": {"primaryTransport.address": "x"},
                 "elsewhere": {"description": "x"}}"""), Map.of("out", port), Map.of("g", group), problems);

        assertThat(problems).extracting(Problem::field).containsExactly("overrides.out.primaryTransport.adress",
                "overrides.out.name", "overrides.out.dynamic", "overrides.g.primaryTransport.address",
                "overrides.elsewhere");
        assertThat(problems).allMatch(problem -> !problem.conflict());
        assertThat(problems.get(1).message()).contains("cannot be overridden");
        assertThat(problems.get(4).message()).contains("in the document");
        assertThat(port).isEqualTo(before);
    }

    private static ObjectNode port() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"name": "out", "description": "test",
                 "primaryTransport": {"type": "FILE", "address": "file:///out/%MessageID%.xml", "retryCount": 7}}""");
    }

    private static Map<String, Map<String, JsonNode>> overrides(String json) throws Exception {
        Map<String, Map<String, JsonNode>> overrides = new LinkedHashMap<>();
        JSON.readTree(json).fields().forEachRemaining(artifact -> {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            artifact.getValue().fields().forEachRemaining(value -> values.put(value.getKey(), value.getValue()));
            overrides.put(artifact.getKey(), values);
        });
        return overrides;
    }
}
