package io.portway.delivery.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.portway.delivery.DeliveryIT;
import io.portway.delivery.EventFeed;
import io.portway.delivery.HttpSink;
import io.portway.delivery.routing.RoutingTable;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention of the message box against real PostgreSQL and Kafka: what is old and finished goes, what is not
 * finished or not old stays, a resubmission chain goes whole, and a purge neither waits for a locked row nor makes
 * delivery wait. Rows are made old by moving their timestamps back past the retention (7 days by default).
 * Same configuration as {@code DeliveryServiceIT}, so the Spring context is shared.
 */
@DeliveryIT
class MessageBoxRetentionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EIGHT_DAYS = "interval '8 days'";
    private static final String AGED = "accepted_at = accepted_at - " + EIGHT_DAYS + ", created_at = created_at - "
            + EIGHT_DAYS + ", updated_at = updated_at - " + EIGHT_DAYS + ", completed_at = completed_at - " + EIGHT_DAYS;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RoutingTable routing;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    MessageBoxRetention retention;
    @Autowired
    RetentionProperties properties;
    @Autowired
    MeterRegistry meters;
    @Value("${portway.topics.send-port-events}")
    String sendPortEvents;

    private final ObjectMapper json = new ObjectMapper();
    private EventFeed feed;
    private HttpSink sink;

    @BeforeAll
    void start() throws Exception {
        feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(), sendPortEvents);
        sink = new HttpSink();
    }

    @AfterAll
    void stop() {
        feed.close();
        sink.close();
    }

    @Test
    void old_completed_and_terminated_instances_go_with_their_messages_and_everything_unfinished_or_recent_stays() {
        String live = startedPort("retention-live");
        String stopped = port("retention-stopped", ArtifactStatus.Stopped);
        String failing = port("retention-failing", ArtifactStatus.Started);
        sink.fail("/" + failing, Integer.MAX_VALUE);
        double instancesBefore = purged("instances");
        double messagesBefore = purged("messages");
        double failuresBefore = purged("routing-failures");

        JsonNode completed = publish(live, "completed");
        JsonNode terminated = publish(stopped, "terminated");
        JsonNode held = publish(stopped, "held");
        JsonNode suspended = publish(failing, "suspended");
        JsonNode recent = publish(live, "recent");
        awaitStatus(instanceOf(completed), "Completed");
        awaitStatus(instanceOf(recent), "Completed");
        awaitStatus(instanceOf(suspended), "Suspended");
        assertThat(operator("/api/service-instances/" + instanceOf(terminated) + "/terminate").getStatusCode()
                .value()).isEqualTo(200);
        String oldFailure = routingFailure();
        String recentFailure = routingFailure();
        age(List.of(completed, terminated, held, suspended));
        ageRoutingFailure(oldFailure);

        purgeUntil(() -> found("/api/service-instances/" + instanceOf(completed)) == 404
                && found("/api/service-instances/" + instanceOf(terminated)) == 404);

        assertThat(found("/api/messages/" + messageOf(completed))).isEqualTo(404);
        assertThat(found("/api/messages/" + messageOf(terminated))).isEqualTo(404);
        assertThat(instance(instanceOf(held)).get("status").asText()).isEqualTo("Suspended");
        assertThat(instance(instanceOf(held)).get("reason").asText()).isEqualTo("PORT_STOPPED");
        assertThat(instance(instanceOf(suspended)).get("status").asText()).isEqualTo("Suspended");
        assertThat(instance(instanceOf(recent)).get("status").asText()).isEqualTo("Completed");
        for (JsonNode kept : List.of(held, suspended, recent)) {
            assertThat(found("/api/messages/" + messageOf(kept))).isEqualTo(200);
        }
        assertThat(routingFailures()).contains(recentFailure).doesNotContain(oldFailure);

        assertThat(purged("instances") - instancesBefore).isGreaterThanOrEqualTo(2);
        assertThat(purged("messages") - messagesBefore).isGreaterThanOrEqualTo(2);
        assertThat(purged("routing-failures") - failuresBefore).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("portway.retention.last.run").timeGauge().value(TimeUnit.MILLISECONDS))
                .isGreaterThan(System.currentTimeMillis() - WAIT.toMillis() * 2);

        // the id of a purged message is new again: the duplicate window of a message id is the retention
        ResponseEntity<String> again = publishWithId(live, messageOf(completed));
        assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(202);
    }

    @Test
    void a_resubmitted_instance_stays_while_its_successor_lives_and_the_chain_goes_whole_once_it_ended() {
        String failing = port("retention-chain", ArtifactStatus.Started);
        sink.fail("/" + failing, Integer.MAX_VALUE);
        JsonNode message = publish(failing, "chain");
        String first = instanceOf(message);
        awaitStatus(first, "Suspended");
        String second = read(operator("/api/service-instances/" + first + "/resume").getBody()).get("id").asText();
        awaitStatus(second, "Suspended");
        JsonNode witness = publish(startedPort("retention-witness"), "witness");
        awaitStatus(instanceOf(witness), "Completed");
        age(List.of(message, witness));

        // the witness, as old as the chain and finished, shows that a purge has judged the chain
        purgeUntil(() -> found("/api/service-instances/" + instanceOf(witness)) == 404);

        JsonNode survivor = instance(second);
        assertThat(survivor.get("resubmittedFrom").asText()).isEqualTo(first);
        assertThat(instance(first).get("status").asText()).isEqualTo("Terminated");
        assertThat(instance(first).get("resubmittedTo").asText()).isEqualTo(second);

        assertThat(operator("/api/service-instances/" + second + "/terminate").getStatusCode().value())
                .isEqualTo(200);
        age(List.of(message));
        purgeUntil(() -> found("/api/service-instances/" + second) == 404);

        assertThat(found("/api/service-instances/" + first)).isEqualTo(404);
        assertThat(found("/api/messages/" + messageOf(message))).isEqualTo(404);
    }

    @Test
    void a_purge_skips_a_row_someone_holds_locked_instead_of_waiting_and_takes_it_next_time() throws Exception {
        String live = startedPort("retention-locked");
        JsonNode locked = publish(live, "locked");
        JsonNode free = publish(live, "free");
        awaitStatus(instanceOf(locked), "Completed");
        awaitStatus(instanceOf(free), "Completed");
        age(List.of(locked, free));

        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select id from delivery.service_instance where id = ? for update")) {
                lock.setObject(1, UUID.fromString(instanceOf(locked)));
                lock.executeQuery().close();
            }
            CompletableFuture.runAsync(() -> purgeUntil(
                    () -> found("/api/service-instances/" + instanceOf(free)) == 404)).get(90, TimeUnit.SECONDS);

            assertThat(instance(instanceOf(locked)).get("status").asText()).isEqualTo("Completed");
            assertThat(found("/api/messages/" + messageOf(locked))).isEqualTo(200);
            holder.commit();
        }
        purgeUntil(() -> found("/api/service-instances/" + instanceOf(locked)) == 404);
        assertThat(found("/api/messages/" + messageOf(locked))).isEqualTo(404);
    }

    @Test
    void delivery_goes_on_while_a_purge_transaction_holds_what_it_deleted() {
        String both = unique("retention-both");
        String started = port("retention-overlap-started", ArtifactStatus.Started, both);
        String stopped = port("retention-overlap-stopped", ArtifactStatus.Stopped, both);
        JsonNode shared = publish(both, "to both");
        String delivered = routeTo(shared, started);
        String waiting = routeTo(shared, stopped);
        JsonNode alone = publishTo(started, "alone");
        awaitStatus(delivered, "Completed");
        awaitStatus(instanceOf(alone), "Completed");
        awaitStatus(waiting, "Suspended");

        transactions.executeWithoutResult(tx -> {
            ageInstances(delivered, instanceOf(alone));
            MessageBoxRetention.Purged batch = retention.purgeBatch(Instant.now().minus(properties.retention()));
            assertThat(batch.instances()).isGreaterThanOrEqualTo(2);
            assertThat(batch.messages()).isGreaterThanOrEqualTo(1);

            // meanwhile, outside this transaction: the held instance of a message whose other instance is being
            // purged is released and delivered, and a new message is accepted and delivered
            feed.startPort(stopped);
            JsonNode fresh = publishTo(started, "fresh");
            awaitStatus(waiting, "Completed");
            awaitStatus(instanceOf(fresh), "Completed");
            assertThat(sink.received("/" + stopped)).extracting(HttpSink.Received::body).containsExactly("to both");
        });

        assertThat(found("/api/service-instances/" + delivered)).isEqualTo(404);
        assertThat(found("/api/service-instances/" + instanceOf(alone))).isEqualTo(404);
        assertThat(found("/api/messages/" + messageOf(alone))).isEqualTo(404);
        JsonNode message = read(rest.withBasicAuth("viewer", "viewer")
                .getForEntity("/api/messages/" + messageOf(shared), String.class).getBody());
        assertThat(message.get("instances")).hasSize(1);
        assertThat(message.get("instances").get(0).get("id").asText()).isEqualTo(waiting);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Moves the messages and all their instances back past the retention, in one transaction. */
    private void age(List<JsonNode> answers) {
        String[] messages = answers.stream().map(MessageBoxRetentionIT::messageOf).toArray(String[]::new);
        transactions.executeWithoutResult(tx -> {
            jdbc.update("update delivery.service_instance set " + AGED + " where message_id = any(?) "
                    + "and (completed_at is null or completed_at > now() - interval '1 day')", (Object) messages);
            jdbc.update("update delivery.message set accepted_at = accepted_at - " + EIGHT_DAYS
                    + " where id = any(?) and accepted_at > now() - interval '1 day'", (Object) messages);
        });
    }

    /** Moves these instances (not their messages) back past the retention. */
    private void ageInstances(String... ids) {
        jdbc.update("update delivery.service_instance set " + AGED + " where id = any(?::uuid[])", (Object) ids);
    }

    private void ageRoutingFailure(String id) {
        jdbc.update("update delivery.routing_failure set occurred_at = occurred_at - " + EIGHT_DAYS
                + " where id = ?::uuid", id);
    }

    /** Purges until {@code done}: the scheduled purge may hold the lock for a moment, and then this one skips. */
    private void purgeUntil(java.util.concurrent.Callable<Boolean> done) {
        await().atMost(WAIT).until(() -> {
            retention.purge();
            return done.call();
        });
    }

    private double purged(String what) {
        return meters.get("portway.retention.purged").tag("what", what).counter().count();
    }

    private String routingFailure() {
        String id = unique("lost");
        ResponseEntity<String> response = publishEntity(Map.of("Test.Case", unique("nobody")), "lost", id);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(422);
        return jdbc.queryForObject("select id::text from delivery.routing_failure where message_id = ?",
                String.class, id);
    }

    private List<String> routingFailures() {
        return jdbc.queryForList("select id::text from delivery.routing_failure", String.class);
    }

    private String startedPort(String prefix) {
        return port(prefix, ArtifactStatus.Started);
    }

    /** A port delivering over HTTP to the sink at {@code /<name>}, without retries, subscribed to its own name. */
    private String port(String prefix, ArtifactStatus status) {
        return port(prefix, status, null);
    }

    /** The same, subscribed to messages whose {@code Test.Case} is {@code subscribedTo} (its name when null). */
    private String port(String prefix, ArtifactStatus status, String subscribedTo) {
        String name = unique(prefix);
        feed.port(name, httpConfig(sink.url("/" + name), eq("Test.Case", subscribedTo == null ? name : subscribedTo)),
                status);
        awaitPort(name, status);
        return name;
    }

    private static Filter eq(String property, String value) {
        return new Filter(List.of(List.of(new FilterStatement(property, FilterOperator.EQUALS, value))));
    }

    private static SendPortConfiguration httpConfig(String url, Filter filter) {
        return new SendPortConfiguration("", "Default", new Transport(TransportType.HTTP, url, Map.of(), 0,
                Duration.ofMillis(200), null), null, SendPipeline.PassThruTransmit, filter, 5, false, false, false,
                Tracking.NONE);
    }

    private void awaitPort(String name, ArtifactStatus status) {
        await().atMost(WAIT).until(() -> routing.port(name) != null && routing.port(name).status() == status);
    }

    /** Publishes with context {@code Test.Case = testCase} (a port's name: to that port). */
    private JsonNode publish(String testCase, String body) {
        ResponseEntity<String> response = publishEntity(Map.of("Test.Case", testCase), body, null);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return read(response.getBody());
    }

    /** Publishes to one port directly ({@code Portway.SendPort}), whatever its filter. */
    private JsonNode publishTo(String port, String body) {
        ResponseEntity<String> response = publishEntity(Map.of("Portway.SendPort", port), body, null);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return read(response.getBody());
    }

    private ResponseEntity<String> publishWithId(String port, String id) {
        return publishEntity(Map.of("Test.Case", port), "again", id);
    }

    private ResponseEntity<String> publishEntity(Map<String, String> context, String body, String id) {
        Map<String, Object> message = new HashMap<>();
        message.put("context", context);
        message.put("body", body);
        if (id != null) {
            message.put("id", id);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth("publisher", "publisher").postForEntity("/api/messages",
                new HttpEntity<>(message, headers), String.class);
    }

    private static String instanceOf(JsonNode answer) {
        return answer.get("routes").get(0).get("instanceId").asText();
    }

    private static String routeTo(JsonNode answer, String port) {
        for (JsonNode route : answer.get("routes")) {
            if (route.get("sendPort").asText().equals(port)) {
                return route.get("instanceId").asText();
            }
        }
        throw new AssertionError("no route to " + port + " in " + answer);
    }

    private static String messageOf(JsonNode answer) {
        return answer.get("messageId").asText();
    }

    private ResponseEntity<String> operator(String path) {
        return rest.withBasicAuth("operator", "operator").postForEntity(path, null, String.class);
    }

    private int found(String path) {
        return rest.withBasicAuth("viewer", "viewer").getForEntity(path, String.class).getStatusCode().value();
    }

    private JsonNode instance(String id) {
        ResponseEntity<String> response = rest.withBasicAuth("viewer", "viewer")
                .getForEntity("/api/service-instances/" + id, String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return read(response.getBody());
    }

    private void awaitStatus(String id, String status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(instance(id).get("status").asText()).isEqualTo(status));
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
