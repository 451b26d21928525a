package io.portway.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.stack.PortwayStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system as its users run it: PostgreSQL, Kafka and the three services as separate processes, started
 * by the same launcher as the README's run command (one {@link SharedStack} for every system IT), driven only
 * through the public APIs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class PortwaySystemIT {

    @TempDir
    static Path data;

    static PortwayStack stack;
    static Api command;
    static Api operator;
    static Api query;
    static Api delivery;
    static Api deliveryViewer;
    static Path outDirect;
    static Path outGroup;

    @BeforeAll
    static void startTheSystem() throws Exception {
        stack = SharedStack.stack();
        command = Api.of(stack.serviceUrl("port-command-service").orElseThrow(), "admin");
        operator = Api.of(stack.serviceUrl("port-command-service").orElseThrow(), "operator");
        query = Api.of(stack.serviceUrl("port-query-service").orElseThrow(), "viewer");
        delivery = Api.of(stack.serviceUrl("delivery-service").orElseThrow(), "publisher");
        deliveryViewer = Api.of(stack.serviceUrl("delivery-service").orElseThrow(), "viewer");
        outDirect = Files.createDirectories(data.resolve("out-direct"));
        outGroup = Files.createDirectories(data.resolve("out-group"));
    }

    @Test
    @Order(1)
    void an_administrator_sets_up_ports_and_a_group_and_a_published_message_reaches_both() {
        assertThat(command.post("/api/send-ports", port("Orders.Direct", outDirect,
                "[[{\"property\":\"Orders.Country\",\"operator\":\"==\",\"value\":\"NL\"}]]")).status()).isEqualTo(201);
        assertThat(command.post("/api/send-ports", port("Orders.Member", outGroup, "[]")).status()).isEqualTo(201);
        assertThat(command.post("/api/send-port-groups", """
                {"name":"Orders.Group","application":"Orders","sendPorts":["Orders.Member"],
                 "filter":[[{"property":"Orders.Total","operator":">=","value":"100"}]]}""").status()).isEqualTo(201);
        assertThat(operator.post("/api/send-ports/Orders.Direct/start", "").status()).isEqualTo(200);
        assertThat(operator.post("/api/send-ports/Orders.Member/start", "").status()).isEqualTo(200);
        assertThat(operator.post("/api/send-port-groups/Orders.Group/start", "").status()).isEqualTo(200);

        String id = publishUntil(routes -> routes.size() == 2
                && routes.stream().allMatch(route -> !route.get("status").asText().startsWith("Suspended")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(outDirect.resolve(id + ".xml")).hasContent("<order country=\"NL\" total=\"250\"/>");
            assertThat(outGroup.resolve(id + ".xml")).hasContent("<order country=\"NL\" total=\"250\"/>");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode message = deliveryViewer.get("/api/messages/" + id).body();
            assertThat(message.toString()).contains("Completed");
        });
    }

    @Test
    @Order(2)
    void a_stopped_port_holds_the_message_and_releases_it_when_started_again() {
        assertThat(operator.post("/api/send-ports/Orders.Direct/stop", "").status()).isEqualTo(200);

        String held = publishUntil(routes -> routes.stream().anyMatch(route ->
                route.get("sendPort").asText().equals("Orders.Direct")
                        && route.get("status").asText().startsWith("Suspended")));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(outGroup.resolve(held + ".xml")).exists());
        assertThat(outDirect.resolve(held + ".xml")).doesNotExist();

        assertThat(operator.post("/api/send-ports/Orders.Direct/start", "").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(outDirect.resolve(held + ".xml")).exists());
    }

    @Test
    @Order(3)
    void the_query_service_shows_every_step_in_history_and_the_group_with_its_members() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode history = query.get("/api/send-ports/Orders.Direct/history").body();
            List<String> types = new ArrayList<>();
            history.path("items").forEach(entry -> types.add(entry.get("type").asText()));
            assertThat(types).containsExactly("SendPortCreated", "SendPortEnlisted", "SendPortStarted",
                    "SendPortStopped", "SendPortStarted");
            history.path("items").forEach(entry -> assertThat(entry.get("principal").asText()).isIn("admin", "operator"));
        });
        JsonNode group = query.get("/api/send-port-groups/Orders.Group").body();
        assertThat(group.get("status").asText()).isEqualTo("Started");
        assertThat(group.get("sendPorts").get(0).get("name").asText()).isEqualTo("Orders.Member");
        assertThat(group.get("sendPorts").get(0).get("status").asText()).isEqualTo("Started");
    }

    @Test
    @Order(4)
    void a_refused_command_answers_the_rule_and_changes_nothing() {
        Api.Answer refused = command.delete("/api/send-ports/Orders.Direct");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("code").asText()).isEqualTo("NOT_BOUND");
        assertThat(refused.body().get("detail").asText()).contains("Orders.Direct").contains("Started");
        assertThat(command.get("/api/send-ports/Orders.Direct").body().get("status").asText()).isEqualTo("Started");
    }

    @Test
    @Order(5)
    void the_application_bindings_export_and_import_back_unchanged() {
        Api.Answer exported = command.get("/api/applications/Orders/bindings");
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.body().get("sendPorts")).hasSize(2);
        assertThat(exported.body().get("sendPortGroups").get(0).get("status").asText()).isEqualTo("Started");

        Api.Answer imported = command.put("/api/applications/Orders/bindings", exported.body().toString());

        assertThat(imported.status()).isEqualTo(200);
        imported.body().get("artifacts").forEach(artifact ->
                assertThat(artifact.get("change").asText()).as(artifact.toString()).isEqualTo("unchanged"));
        assertThat(command.get("/api/applications/Orders/bindings").body()).isEqualTo(exported.body());
    }

    interface RoutesCheck {
        boolean test(List<JsonNode> routes);
    }

    /** Publishes fresh messages until one is routed as expected (the delivery service learns of changes via Kafka). */
    static String publishUntil(RoutesCheck check) {
        AtomicReference<String> accepted = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String id = "m-" + UUID.randomUUID();
            Api.Answer answer = delivery.post("/api/messages", """
                    {"id":"%s","context":{"Orders.Country":"NL","Orders.Total":"250"},
                     "body":"<order country=\\"NL\\" total=\\"250\\"/>","contentType":"application/xml"}"""
                    .formatted(id));
            if (answer.status() != 202) {
                return false;
            }
            List<JsonNode> routes = new ArrayList<>();
            answer.body().get("routes").forEach(routes::add);
            if (check.test(routes)) {
                accepted.set(id);
                return true;
            }
            return false;
        });
        return accepted.get();
    }

    static String port(String name, Path out, String filter) {
        return """
                {"name":"%s","application":"Orders",
                 "primaryTransport":{"type":"FILE","address":"%s/%%MessageID%%.xml","retryCount":1,"retryInterval":"PT1S"},
                 "filter":%s}""".formatted(name, out.toUri().toString().replaceAll("/$", ""), filter);
    }
}
