package io.portway.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.stack.PortwayStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Explain routing through the three real services: {@code asOf} across a reconfiguration (the configuration of then
 * rebuilt from the events), and a kept routing failure explained before and after a port that matches is started.
 * Its ports belong to its own application, {@value #APPLICATION}: the system ITs share one running system.
 */
@org.junit.jupiter.api.extension.ExtendWith(SharedStack.class)
class ExplainSystemIT {

    static final String APPLICATION = "ExplainSystem";

    @TempDir
    static Path data;

    static Api admin;
    static Api operator;
    static Api publisher;
    static Api viewer;
    static Path out;

    @BeforeAll
    static void startTheSystem() throws Exception {
        PortwayStack stack = SharedStack.stack();
        admin = Api.of(stack.serviceUrl("port-command-service").orElseThrow(), "admin");
        operator = Api.of(stack.serviceUrl("port-command-service").orElseThrow(), "operator");
        publisher = Api.of(stack.serviceUrl("delivery-service").orElseThrow(), "publisher");
        viewer = Api.of(stack.serviceUrl("delivery-service").orElseThrow(), "viewer");
        out = Files.createDirectories(data.resolve("out"));
    }

    @Test
    void as_of_an_instant_before_a_reconfiguration_routes_by_the_filter_of_then() {
        String port = "Explain.Regional." + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/api/send-ports", portOf(port, "Region", "EU")).status()).isEqualTo(201);
        assertThat(operator.post("/api/send-ports/" + port + "/start", "").status()).isEqualTo(200);
        Instant t1 = Instant.now();
        Api.Answer reconfigured = admin.put("/api/send-ports/" + port, portOf(port, "Region", "US"));
        assertThat(reconfigured.status()).as(reconfigured.body().toString()).isEqualTo(200);
        String eu = "{\"context\":{\"Region\":\"EU\"}}";

        JsonNode now = explain("/api/messages/explain?limit=1000", eu);
        assertThat(routeTo(now, port)).as(now.toString()).isNull();
        JsonNode miss = missOf(now, port);
        assertThat(miss).as(now.toString()).isNotNull();
        assertThat(miss.get("status").asText()).isEqualTo("Started");
        assertThat(miss.get("failed")).hasSize(1);
        assertThat(miss.get("failed").get(0).get("property").asText()).isEqualTo("Region");
        assertThat(miss.get("failed").get(0).get("expected").asText()).isEqualTo("US");
        assertThat(miss.get("failed").get(0).get("actual").asText()).isEqualTo("EU");

        JsonNode then = explain("/api/messages/explain?limit=1000&asOf=" + t1, eu);
        JsonNode route = routeTo(then, port);
        assertThat(route).as(then.toString()).isNotNull();
        assertThat(route.get("via").asText()).isEqualTo("filter");
        assertThat(route.get("conjunction").asInt()).isZero();
        assertThat(route.get("outcome").asText()).isEqualTo("deliver");
        assertThat(missOf(then, port)).isNull();

        Api.Answer future = viewer.post("/api/messages/explain?asOf=" + Instant.now().plusSeconds(3600), eu);
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.body().get("code").asText()).isEqualTo("INVALID_AS_OF");
    }

    @Test
    void a_message_that_went_nowhere_is_explained_and_routes_once_a_matching_port_is_started() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String messageId = "m-" + suffix;
        Api.Answer refused = publisher.post("/api/messages", """
                {"id":"%s","context":{"Explain.Case":"%s"},"body":"<order/>","contentType":"application/xml"}"""
                .formatted(messageId, suffix));
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(422);
        String failure = failureOf(messageId);
        String path = "/api/routing-failures/" + failure + "/explain?limit=1000";

        JsonNode before = viewer.get(path).body();
        assertThat(before.get("routes")).as(before.toString()).isEmpty();

        String port = "Explain.Late." + suffix;
        assertThat(admin.post("/api/send-ports", portOf(port, "Explain.Case", suffix)).status()).isEqualTo(201);
        JsonNode bound = viewer.get(path).body();
        assertThat(bound.get("routes")).as(bound.toString()).isEmpty();
        assertThat(missOf(bound, port).get("reason").asText()).isEqualTo("NOT_ENLISTED");

        assertThat(operator.post("/api/send-ports/" + port + "/start", "").status()).isEqualTo(200);
        Api.Answer after = viewer.get(path);
        assertThat(after.status()).as(after.body().toString()).isEqualTo(200);
        JsonNode route = routeTo(after.body(), port);
        assertThat(route).as(after.body().toString()).isNotNull();
        assertThat(route.get("via").asText()).isEqualTo("filter");
        assertThat(route.get("outcome").asText()).isEqualTo("deliver");
    }

    private static JsonNode explain(String path, String message) {
        Api.Answer answer = viewer.post(path, message);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    private static String failureOf(String messageId) {
        Api.Answer failures = viewer.get("/api/routing-failures?limit=500");
        assertThat(failures.status()).isEqualTo(200);
        for (JsonNode item : failures.body().get("items")) {
            if (item.get("messageId").asText().equals(messageId)) {
                return item.get("id").asText();
            }
        }
        throw new AssertionError("no routing failure for " + messageId + " in " + failures.body());
    }

    private static JsonNode routeTo(JsonNode explanation, String port) {
        for (JsonNode route : explanation.get("routes")) {
            if (route.get("sendPort").asText().equals(port)) {
                return route;
            }
        }
        return null;
    }

    private static JsonNode missOf(JsonNode explanation, String name) {
        for (JsonNode miss : explanation.get("nearMisses")) {
            if (miss.get("name").asText().equals(name)) {
                return miss;
            }
        }
        return null;
    }

    private static String portOf(String name, String property, String value) {
        return PortwaySystemIT.port(name, out, "[[{\"property\":\"%s\",\"operator\":\"==\",\"value\":\"%s\"}]]"
                .formatted(property, value)).replace("\"application\":\"Orders\"",
                "\"application\":\"" + APPLICATION + "\"");
    }
}
