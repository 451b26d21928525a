package io.portway.command.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.messaging.TransportSecrets;
import io.portway.testsupport.PortwayInfrastructureInitializer;
import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.portway.command.application.Client.JSON;
import static io.portway.command.application.Client.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/RULES.md §8 through the real service: secrets sealed in every stored form and masked in every answer; text and
 * size limits refused at REST and bindings import alike, changing nothing. Shares the context (and database) of
 * {@link ApplicationsAndBindingsIT}; every test uses names of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portway.test.isolated-context=ApplicationsAndBindingsIT")
@WithPortwayInfrastructure
class SecretsAndLimitsIT {

    static final TransportSecrets TEST_KEY = TransportSecrets.fromBase64(PortwayInfrastructureInitializer.SECRETS_KEY);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Client admin() {
        return new Client(port, "admin");
    }

    static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> httpPort(String name, Map<String, String> properties) {
        return Map.of("name", name, "application", name, "primaryTransport",
                Map.of("type", "HTTP", "address", "https://partner.example.com/orders", "properties", properties));
    }

    @Test
    void secretsAreSealedInEveryStoredFormAndMaskedInEveryAnswer() throws Exception {
        String name = name("secret");
        Map<String, Object> created = expect(201, admin().post("/api/send-ports", httpPort(name,
                Map.of("username", "alice", "password", "hunter2-pw", "signingSecret", "whsec_c2lnbmluZw=="))));

        assertThat(properties(created)).containsOnly(Map.entry("username", "alice"),
                Map.entry("password", "******"), Map.entry("signingSecret", "******"));
        assertThat(properties(expect(200, admin().get("/api/send-ports/" + name)))).containsEntry("password", "******");
        String export = JSON.writeValueAsString(expect(200,
                new Client(port, "viewer").get("/api/applications/" + name + "/bindings")));
        assertThat(export).contains("alice", "******").doesNotContain("hunter2-pw").doesNotContain("enc:v1:");

        String events = storedEvents(name);
        assertThat(events).contains("alice").doesNotContain("hunter2-pw").doesNotContain("whsec_");
        Map<String, String> stored = storedProperties(name);
        assertThat(stored.get("password")).startsWith("enc:v1:");
        assertThat(TEST_KEY.openSecrets(stored)).containsEntry("password", "hunter2-pw")
                .containsEntry("signingSecret", "whsec_c2lnbmluZw==");
        assertThat(events).contains(stored.get("password"));
    }

    @Test
    void theMaskKeepsTheStoredSecret_andAMaskWithNothingStoredIsRefusedNamingTheField() {
        String name = name("keep");
        expect(201, admin().post("/api/send-ports", httpPort(name, Map.of("username", "alice", "password", "pw1"))));
        String sealed = storedProperties(name).get("password");

        expect(200, admin().put("/api/send-ports/" + name, httpPort(name,
                Map.of("username", "bob", "password", TransportSecrets.MASK))));
        assertThat(storedProperties(name)).containsEntry("username", "bob").containsEntry("password", sealed);

        long events = events();
        expect(200, admin().put("/api/send-ports/" + name, httpPort(name,
                Map.of("username", "bob", "password", "pw1"))));
        assertThat(events()).as("the same secret sent again changes nothing").isEqualTo(events);

        Map<String, Object> refused = expect(400, admin().put("/api/send-ports/" + name, httpPort(name,
                Map.of("username", "carol", "password", TransportSecrets.MASK, "token", TransportSecrets.MASK))));
        assertThat(refused).containsEntry("code", "VALIDATION_FAILED");
        assertThat(fields(refused)).containsExactly("primaryTransport.properties.token");
        assertThat(events()).isEqualTo(events);
        assertThat(storedProperties(name)).containsEntry("username", "bob");

        expect(200, admin().put("/api/send-ports/" + name, httpPort(name,
                Map.of("username", "bob", "password", "pw2"))));
        assertThat(TEST_KEY.open(storedProperties(name).get("password"))).isEqualTo("pw2");
    }

    @Test
    void anExportWithMasksImportsBackUnchanged_andAMaskForANewPortIsRefusedBeforeAnythingChanges() throws Exception {
        String name = name("bind");
        expect(201, admin().post("/api/send-ports", httpPort(name, Map.of("password", "pw", "apiKey", "k-123"))));
        Map<String, String> before = storedProperties(name);
        ObjectNode document = JSON.valueToTree(expect(200, admin().get("/api/applications/" + name + "/bindings")));
        long events = events();

        Map<String, Object> report = expect(200, admin().put("/api/applications/" + name + "/bindings", document));
        assertThat(JSON.valueToTree(report).at("/artifacts/0/change").asText()).isEqualTo("unchanged");
        assertThat(events()).isEqualTo(events);
        assertThat(storedProperties(name)).isEqualTo(before);

        String other = name + "-copy";
        ObjectNode copy = (ObjectNode) document.at("/sendPorts/0").deepCopy();
        copy.put("name", other);
        document.withArray("sendPorts").add(copy);
        Map<String, Object> refused = expect(400, admin().put("/api/applications/" + name + "/bindings", document));
        assertThat(fields(refused)).containsExactlyInAnyOrder("sendPorts[1].primaryTransport.properties.password",
                "sendPorts[1].primaryTransport.properties.apiKey");
        assertThat(events()).isEqualTo(events);
        expect(404, admin().get("/api/send-ports/" + other));
    }

    @Test
    void credentialsInAnAddressAndSealedValuesFromAClientAreRefused() {
        String name = name("creds");
        Map<String, Object> refused = expect(400, admin().post("/api/send-ports", Map.of("name", name,
                "primaryTransport", Map.of("type", "HTTP", "address", "https://bob:hunter2@example.com/in"))));
        assertThat(fields(refused)).containsExactly("primaryTransport.address");
        assertThat(refused.toString()).doesNotContain("hunter2");

        refused = expect(400, admin().post("/api/send-ports", httpPort(name, Map.of("token", "enc:v1:AAAA"))));
        assertThat(fields(refused)).containsExactly("primaryTransport.properties.token");
        expect(404, admin().get("/api/send-ports/" + name));
    }

    @Test
    void controlCharactersAreRefusedNamingTheField_exceptTabsAndNewLinesInADescription() {
        String name = name("ctl");
        long events = events();
        Map<String, Object> refused = expect(400, admin().post("/api/send-ports", Map.of("name", name,
                "description", "null\u0000byte", "application", "bell\u0007",
                "filter", List.of(List.of(Map.of("property", "A", "operator", "==", "value", "esc\u001b"))),
                "primaryTransport", Map.of("type", "FILE", "address", "file:///out/a\u007f.xml",
                        "properties", Map.of("k\u0001", "v", "k2", "v\n")))));
        assertThat(refused).containsEntry("code", "VALIDATION_FAILED");
        assertThat(fields(refused)).containsExactlyInAnyOrder("description", "application", "filter[0][0].value",
                "primaryTransport.address", "primaryTransport.properties", "primaryTransport.properties.k2");
        assertThat(events()).isEqualTo(events);

        expect(201, admin().post("/api/send-ports", Map.of("name", name, "description", "line one\r\n\tline two",
                "primaryTransport", Map.of("type", "FILE", "address", "file:///out/%MessageID%.xml"))));

        Map<String, Object> group = expect(400, admin().post("/api/send-port-groups",
                Map.of("name", name + "-g", "description", "x\u0000")));
        assertThat(fields(group)).containsExactly("description");

        Map<String, Object> imported = expect(400, admin().put("/api/applications/" + name + "/bindings",
                Map.of("sendPorts", List.of(Map.of("name", name + "-i", "description", "\u0000",
                        "primaryTransport", Map.of("type", "FILE", "address", "file:///out/x.xml"))))));
        assertThat(fields(imported)).containsExactly("sendPorts[0].description");
        expect(404, admin().get("/api/send-ports/" + name + "-i"));
    }

    @Test
    void filtersPropertiesAndEventsHaveSizeLimits() {
        String name = name("big");
        long events = events();
        List<List<Map<String, String>>> tooMany = List.of(java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> Map.of("property", "P" + i, "operator", "==", "value", "v")).toList());
        assertThat(fields(expect(400, admin().post("/api/send-ports", Map.of("name", name, "filter", tooMany,
                "primaryTransport", Map.of("type", "FILE", "address", "file:///out/x.xml"))))))
                .containsExactly("filter");

        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("p" + i, "v");
        }
        assertThat(fields(expect(400, admin().post("/api/send-ports", Map.of("name", name,
                "primaryTransport", Map.of("type", "FILE", "address", "file:///out/x.xml", "properties", many))))))
                .containsExactly("primaryTransport.properties");

        String wide = "€".repeat(4096);
        List<List<Map<String, String>>> heavy = List.of(java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> Map.of("property", "P" + i, "operator", "==", "value", wide)).toList());
        Map<String, Object> tooBig = expect(400, admin().post("/api/send-ports", Map.of("name", name,
                "filter", heavy, "primaryTransport", Map.of("type", "FILE", "address", "file:///out/x.xml"))));
        assertThat(fields(tooBig)).containsExactly("filter");
        assertThat(tooBig.get("detail").toString()).contains("Kafka");

        Map<String, Object> groupTooBig = expect(400, admin().post("/api/send-port-groups",
                Map.of("name", name + "-g", "filter", heavy)));
        assertThat(fields(groupTooBig)).containsExactly("filter");
        assertThat(events()).isEqualTo(events);
        expect(404, admin().get("/api/send-ports/" + name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> properties(Map<String, Object> port) {
        return (Map<String, String>) ((Map<String, Object>) port.get("primaryTransport")).get("properties");
    }

    @SuppressWarnings("unchecked")
    static List<String> fields(Map<String, Object> problem) {
        return ((List<Map<String, String>>) problem.getOrDefault("errors", List.of())).stream()
                .map(error -> error.get("field")).toList();
    }

    long events() {
        return jdbc.queryForObject("SELECT count(*) FROM command.domainevententry", Long.class);
    }

    String storedEvents(String name) {
        return String.join("\n", jdbc.queryForList("SELECT convert_from(e.payload, 'UTF8') FROM"
                + " command.domainevententry e JOIN command.artifact a ON a.artifact_id = e.aggregateidentifier"
                + " WHERE a.name = ? ORDER BY e.globalindex", String.class, name));
    }

    Map<String, String> storedProperties(String name) {
        try {
            JsonNode configuration = JSON.readTree(jdbc.queryForObject(
                    "SELECT configuration FROM command.artifact WHERE name = ?", String.class, name));
            return JSON.convertValue(configuration.at("/primaryTransport/properties"), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
