package io.portway.command.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Applications and bindings against the real service: PostgreSQL event store, Kafka publication, HTTP users. The
 * property gives this class a context, and so a database, of its own: other ITs expect an empty event store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portway.test.isolated-context=ApplicationsAndBindingsIT")
@WithPortwayInfrastructure
class ApplicationsAndBindingsIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Client admin() {
        return new Client(port, "admin");
    }

    @Test
    void exportThenImportUnderAnotherNameWithAnAddressOverride_roundTrips_andReimportingChangesNothing()
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String orders = "orders-" + suffix;
        createApplication(orders);
        JsonNode exported = JSON.valueToTree(expect(200, admin().get("/api/applications/" + orders + "/bindings")));
        assertThat(exported.get("sendPorts")).extracting(p -> p.get("name").asText() + " " + p.get("status").asText())
                .containsExactly(orders + "-file Started", orders + "-http Stopped", orders + "-kafka Bound");
        assertThat(exported.at("/sendPortGroups/0/sendPorts").toString())
                .isEqualTo("[\"" + orders + "-file\",\"" + orders + "-http\"]");

        String billing = "billing-" + suffix;
        ObjectNode document = (ObjectNode) JSON.readTree(exported.toString().replace(orders, billing));
        document.set("overrides", JSON.readTree("""
                {"%s-http": {"primaryTransport.address": "https://prod.example.com/orders"}}""".formatted(billing)));
        Map<String, Object> report = expect(200, admin().put("/api/applications/" + billing + "/bindings", document));

        assertThat(JSON.valueToTree(report).get("artifacts")).extracting(a -> a.get("name").asText(),
                a -> a.get("change").asText(), a -> a.get("after").asText()).containsExactly(
                tuple(billing + "-file", "created", "Started"),
                tuple(billing + "-http", "created", "Stopped"),
                tuple(billing + "-kafka", "created", "Bound"),
                tuple(billing + "-group", "created", "Started"));
        JsonNode imported = JSON.valueToTree(expect(200, admin().get("/api/applications/" + billing + "/bindings")));
        ObjectNode expected = document.deepCopy();
        expected.remove("overrides");
        ((ObjectNode) expected.at("/sendPorts/1/primaryTransport")).put("address", "https://prod.example.com/orders");
        assertThat(withoutVersions(imported)).isEqualTo(withoutVersions(expected));
        assertThat(imported.at("/sendPorts/1/primaryTransport/retryInterval").asText()).isEqualTo("PT30S");

        long events = events();
        Map<String, Object> again = expect(200, admin().put("/api/applications/" + billing + "/bindings", document));
        assertThat(JSON.valueToTree(again).get("artifacts")).allSatisfy(a -> {
            assertThat(a.get("change").asText()).isEqualTo("unchanged");
            assertThat(a.get("before").asText()).isEqualTo(a.get("after").asText());
        });
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void aRefusedImportListsEveryProblem_andLeavesTheEventStoreAsItWas() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String orders = "orders-" + suffix;
        createApplication(orders);
        String other = "other-" + suffix;
        long events = events();

        Map<String, Object> problem = expect(400, admin().put("/api/applications/" + other + "/bindings", """
                {"sendPorts": [
                  {"name": "%1$s-new", "primaryTransport": {"type": "FILE", "address": "file:///out/x.xml"}, "status": "Started"},
                  {"name": "%1$s-ftp", "primaryTransport": {"type": "FTP", "address": "ftp://host/dir"}},
                  {"name": "%1$s-bad", "primaryTransport": {"type": "HTTP", "address": "htp:/nohost"}},
                  {"name": "%2$s-file", "primaryTransport": {"type": "FILE", "address": "file:///out/x.xml"}}],
                 "sendPortGroups": [{"name": "%1$s-group", "sendPorts": ["%1$s-new"], "status": "Started"}]}
                """.formatted(other, orders)));

        assertThat(problem).containsEntry("code", "VALIDATION_FAILED");
        assertThat((List<Map<String, Object>>) problem.get("errors")).extracting(e -> e.get("field")).containsExactly(
                "sendPorts[1].primaryTransport.type", "sendPorts[2].primaryTransport.address", "sendPorts[3].name");
        assertThat(events()).isEqualTo(events);
        expect(404, admin().get("/api/applications/" + other + "/bindings"));
        expect(404, admin().get("/api/send-ports/" + other + "-new"));

        Map<String, Object> clash = expect(409, admin().put("/api/applications/" + other + "/bindings", """
                {"sendPorts": [{"name": "%s-group", "dynamic": true}]}""".formatted(orders)));
        assertThat(clash).containsEntry("code", "NAME_TAKEN");
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void startingAndStoppingAnApplicationReportsEachArtifactBeforeAndAfter() {
        String application = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        Client operator = new Client(port, "operator");
        expect(201, admin().post("/api/send-ports", filePort(application + "-a", application)));
        expect(201, admin().post("/api/send-ports", filePort(application + "-b", application)));
        expect(201, admin().post("/api/send-port-groups", Map.of("name", application + "-g", "application",
                application, "sendPorts", List.of(application + "-a"))));
        expect(201, admin().post("/api/send-port-groups", Map.of("name", application + "-empty", "application",
                application)));
        expect(200, admin().post("/api/send-ports/" + application + "-b/start", null));

        JsonNode started = JSON.valueToTree(expect(200,
                operator.post("/api/applications/" + application + "/start", null)));

        assertThat(started.get("artifacts")).extracting(a -> a.get("kind").asText() + " " + a.get("name").asText()
                + " " + a.get("before").asText() + "->" + a.get("after").asText() + " v" + a.get("version").asInt()
                + " " + a.path("error").path("code").asText("-")).containsExactly(
                "SendPort " + application + "-a Bound->Started v3 -",
                "SendPort " + application + "-b Started->Started v3 -",
                "SendPortGroup " + application + "-empty Bound->Bound v1 NO_ENLISTED_MEMBER",
                "SendPortGroup " + application + "-g Bound->Started v3 -");

        JsonNode stopped = JSON.valueToTree(expect(200,
                operator.post("/api/applications/" + application + "/stop", null)));

        assertThat(stopped.get("artifacts")).extracting(a -> a.get("name").asText() + " "
                + a.get("before").asText() + "->" + a.get("after").asText()).containsExactly(
                application + "-empty Bound->Bound", application + "-g Started->Stopped",
                application + "-a Started->Stopped", application + "-b Started->Stopped");
        assertThat(expect(200, admin().get("/api/send-ports/" + application + "-a"))).containsEntry("status",
                "Stopped");

        JsonNode list = JSON.valueToTree(expect(200, new Client(port, "viewer").get("/api/applications")));
        JsonNode shop = null;
        for (JsonNode item : list.get("items")) {
            if (item.get("application").asText().equals(application)) {
                shop = item;
            }
        }
        assertThat(shop).isNotNull();
        assertThat(shop.get("sendPorts").toString()).isEqualTo("{\"Bound\":0,\"Stopped\":2,\"Started\":0}");
        assertThat(shop.get("sendPortGroups").toString()).isEqualTo("{\"Bound\":1,\"Stopped\":1,\"Started\":0}");

        expect(404, operator.post("/api/applications/no-such-" + application + "/start", null));
        expect(403, new Client(port, "viewer").post("/api/applications/" + application + "/start", null));
        expect(403, operator.put("/api/applications/" + application + "/bindings", "{}"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentDescribesApplicationsAndBindings() {
        Map<String, Object> paths = (Map<String, Object>) expect(200, admin().get("/v3/api-docs")).get("paths");

        assertThat(paths).containsKeys("/api/applications", "/api/applications/{application}/start",
                "/api/applications/{application}/stop", "/api/applications/{application}/bindings");
        Map<String, Object> put = (Map<String, Object>) ((Map<String, Object>)
                paths.get("/api/applications/{application}/bindings")).get("put");
        assertThat((String) put.get("description")).contains("validated before anything is applied")
                .contains("notInDocument").contains("applied");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentListsEveryPropertyOfASendPort() {
        Map<String, Object> components = (Map<String, Object>) expect(200, admin().get("/v3/api-docs"))
                .get("components");
        Map<String, Object> view = (Map<String, Object>) ((Map<String, Object>) components.get("schemas"))
                .get("SendPortView");
        assertThat(((Map<String, Object>) view.get("properties")).keySet()).containsExactlyInAnyOrder("name",
                "description", "application", "dynamic", "twoWay", "primaryTransport", "backupTransport",
                "sendPipeline", "filter", "priority", "orderedDelivery", "stopSendingOnFailure",
                "routeFailedMessages", "tracking", "status", "version", "groups");
    }

    /** Three ports (Started FILE, Stopped HTTP, Bound KAFKA) and a Started group of the first two. */
    private void createApplication(String application) {
        expect(201, admin().post("/api/send-ports", """
                {"name": "%1$s-file", "application": "%1$s", "description": "orders to disk", "priority": 2,
                 "primaryTransport": {"type": "FILE", "address": "file:///out/%%MessageID%%.xml"},
                 "filter": [[{"property": "Orders.Country", "operator": "==", "value": "NL"}]]}
                """.formatted(application)));
        expect(201, admin().post("/api/send-ports", """
                {"name": "%1$s-http", "application": "%1$s",
                 "primaryTransport": {"type": "HTTP", "address": "http://localhost:9/orders", "retryInterval": "PT30S",
                                      "properties": {"Content-Type": "application/xml"}},
                 "backupTransport": {"type": "FILE", "address": "file:///backup/%%MessageID%%.xml"}}
                """.formatted(application)));
        expect(201, admin().post("/api/send-ports", """
                {"name": "%1$s-kafka", "application": "%1$s",
                 "primaryTransport": {"type": "KAFKA", "address": "kafka://orders"}}""".formatted(application)));
        expect(201, admin().post("/api/send-port-groups", """
                {"name": "%1$s-group", "application": "%1$s", "sendPorts": ["%1$s-file", "%1$s-http"],
                 "filter": [[{"property": "BTS.MessageType", "operator": "exists"}]]}""".formatted(application)));
        expect(200, admin().post("/api/send-ports/" + application + "-file/start", null));
        expect(200, admin().post("/api/send-ports/" + application + "-http/enlist", null));
        expect(200, admin().post("/api/send-port-groups/" + application + "-group/start", null));
    }

    private static Map<String, Object> filePort(String name, String application) {
        return Map.of("name", name, "application", application,
                "primaryTransport", Map.of("type", "FILE", "address", "file:///out/%MessageID%.xml"));
    }

    private long events() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM command.domainevententry", Long.class);
    }

    private static JsonNode withoutVersions(JsonNode bindings) {
        ObjectNode copy = bindings.deepCopy();
        for (String list : List.of("sendPorts", "sendPortGroups")) {
            ((ArrayNode) copy.get(list)).forEach(artifact -> ((ObjectNode) artifact).remove("version"));
        }
        return copy;
    }
}
