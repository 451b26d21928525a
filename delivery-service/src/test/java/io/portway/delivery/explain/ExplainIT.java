package io.portway.delivery.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.delivery.DeliveryIT;
import io.portway.delivery.EventFeed;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.testsupport.PortwayTestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.portway.events.SendPortConfigured;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.portway.delivery.explain.ExplainerTest.configuration;
import static io.portway.delivery.explain.ExplainerTest.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Explain routing through the real service (PostgreSQL, Kafka, the routing barrier). Same configuration as
 * {@code DeliveryServiceIT}, so the Spring context is shared.
 */
@DeliveryIT
class ExplainIT {

    @Autowired
    TestRestTemplate rest;
    @Value("${portway.topics.send-port-events}")
    String sendPortEvents;

    private final ObjectMapper json = new ObjectMapper();
    private EventFeed feed;

    @BeforeAll
    void start() {
        feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(), sendPortEvents);
    }

    @AfterAll
    void stop() {
        feed.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ResponseEntity<String> post(String user, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth(user, user).postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    /** The first answer that is not 503 ROUTING_NOT_CAUGHT_UP (which a client retries, docs/RULES.md §7). */
    private ResponseEntity<String> answered(java.util.function.Supplier<ResponseEntity<String>> request) {
        AtomicReference<ResponseEntity<String>> answer = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            answer.set(request.get());
            return answer.get().getStatusCode().value() != 503;
        });
        return answer.get();
    }

    private JsonNode explain(String user, String path, Map<String, Object> message) {
        ResponseEntity<String> response = answered(() -> post(user, path, message));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return read(response.getBody());
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    @Test
    void an_explanation_sees_a_change_acknowledged_before_it_and_stores_nothing() {
        String port = unique("explained");
        String stopped = unique("near");
        feed.port(stopped, configuration(new Filter(List.of(List.of(statement("Test.Case", "==", port),
                statement("Test.Amount", ">", "100"))))), ArtifactStatus.Stopped);
        feed.port(port, configuration(new Filter(List.of(List.of(statement("Test.Case", "==", port))))),
                ArtifactStatus.Started);
        String id = unique("m");

        for (String user : List.of("viewer", "publisher", "operator")) {
            // the table holds the other tests' ports too (shared context): look the near miss up by name
            JsonNode answer = explain(user, "/api/messages/explain?limit=1000", Map.of("id", id, "context", Map.of("Test.Case", port,
                    "Test.Amount", "99.5")));

            assertThat(answer.get("routes")).hasSize(1);
            JsonNode route = answer.get("routes").get(0);
            assertThat(route.get("sendPort").asText()).isEqualTo(port);
            assertThat(route.get("via").asText()).isEqualTo("filter");
            assertThat(route.get("conjunction").asInt()).isZero();
            assertThat(route.get("outcome").asText()).isEqualTo("deliver");
            assertThat(answer.get("position").asLong()).isPositive();
            JsonNode miss = null;
            for (JsonNode candidate : answer.get("nearMisses")) {
                if (candidate.get("name").asText().equals(stopped)) {
                    miss = candidate;
                }
            }
            assertThat(miss).as(answer.toString()).isNotNull();
            assertThat(miss.get("status").asText()).isEqualTo("Stopped");
            assertThat(miss.get("failed")).hasSize(1);
            assertThat(miss.get("failed").get(0).get("property").asText()).isEqualTo("Test.Amount");
            assertThat(miss.get("failed").get(0).get("operator").asText()).isEqualTo(">");
            assertThat(miss.get("failed").get(0).get("expected").asText()).isEqualTo("100");
            assertThat(miss.get("failed").get(0).get("actual").asText()).isEqualTo("99.5");
        }
        assertThat(rest.withBasicAuth("viewer", "viewer").getForEntity("/api/messages/" + id, String.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void bad_requests_get_a_problem_and_anonymous_callers_are_refused() {
        Map<String, Object> message = Map.of("context", Map.of("A", "1"));

        ResponseEntity<String> badLimit = post("viewer", "/api/messages/explain?limit=1001", message);
        assertThat(badLimit.getStatusCode().value()).isEqualTo(400);
        assertThat(read(badLimit.getBody()).get("code").asText()).isEqualTo("VALIDATION_FAILED");

        ResponseEntity<String> control = post("viewer", "/api/messages/explain",
                Map.of("context", Map.of("A", "bad\u0001value")));
        assertThat(control.getStatusCode().value()).isEqualTo(400);

        for (String asOf : List.of("yesterday", "2999-01-01T00:00:00Z")) {
            ResponseEntity<String> badAsOf = post("viewer", "/api/messages/explain?asOf=" + asOf, message);
            assertThat(badAsOf.getStatusCode().value()).as(asOf).isEqualTo(400);
            assertThat(read(badAsOf.getBody()).get("code").asText()).isEqualTo("INVALID_AS_OF");
        }

        ResponseEntity<String> anonymous = rest.postForEntity("/api/messages/explain", message, String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void a_kept_routing_failure_is_explained_against_todays_table() {
        String key = unique("failed");
        String id = unique("m");
        ResponseEntity<String> refused = answered(() -> post("publisher", "/api/messages",
                Map.of("id", id, "context", Map.of("Test.Case", key), "body", "x")));
        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
        String failureId = null;
        for (JsonNode item : read(rest.withBasicAuth("viewer", "viewer")
                .getForEntity("/api/routing-failures?limit=500", String.class).getBody()).get("items")) {
            if (item.get("messageId").asText().equals(id)) {
                failureId = item.get("id").asText();
            }
        }
        assertThat(failureId).isNotNull();
        String port = unique("late");
        feed.port(port, configuration(new Filter(List.of(List.of(statement("Test.Case", "==", key))))),
                ArtifactStatus.Stopped);
        String path = "/api/routing-failures/" + failureId + "/explain";

        ResponseEntity<String> response = answered(() -> rest.withBasicAuth("viewer", "viewer")
                .getForEntity(path, String.class));

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode route = read(response.getBody()).get("routes").get(0);
        assertThat(route.get("sendPort").asText()).isEqualTo(port);
        assertThat(route.get("outcome").asText()).isEqualTo("held");
        assertThat(route.get("reason").asText()).isEqualTo("PORT_STOPPED");
        ResponseEntity<String> unknown = rest.withBasicAuth("viewer", "viewer")
                .getForEntity("/api/routing-failures/nope/explain", String.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(read(unknown.getBody()).get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void as_of_an_instant_explains_against_the_configuration_of_then_rebuilt_from_the_events() {
        String port = unique("asof");
        feed.port(port, configuration(new Filter(List.of(List.of(statement("Test.Case", "==", port),
                statement("Test.Region", "==", "EU"))))), ArtifactStatus.Started);
        Map<String, Object> eu = Map.of("context", Map.of("Test.Case", port, "Test.Region", "EU"));
        assertThat(explain("viewer", "/api/messages/explain", eu).get("routes")).hasSize(1);
        Instant t1 = Instant.now();
        feed.publish(new SendPortConfigured(port, configuration(new Filter(List.of(List.of(
                statement("Test.Case", "==", port), statement("Test.Region", "==", "US")))))));
        feed.stopPort(port);

        JsonNode now = explain("viewer", "/api/messages/explain?limit=1000", eu);
        assertThat(now.get("routes")).isEmpty();
        JsonNode then = explain("viewer", "/api/messages/explain?asOf=" + t1, eu);

        assertThat(then.get("routes")).as(then.toString()).hasSize(1);
        assertThat(then.get("routes").get(0).get("sendPort").asText()).isEqualTo(port);
        assertThat(then.get("routes").get(0).get("via").asText()).isEqualTo("filter");
        assertThat(then.get("routes").get(0).get("outcome").asText()).isEqualTo("deliver");
        assertThat(then.get("position").asLong()).isPositive().isLessThan(
                explain("viewer", "/api/messages/explain?asOf=" + Instant.now(), eu).get("position").asLong());
    }
}
