package io.portway.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.events.EventEnvelope;
import io.portway.events.Filter;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortStarted;
import io.portway.events.TransportType;
import io.micrometer.core.instrument.MeterRegistry;
import io.portway.support.PortwayTopics;
import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

/** Its own context (and so its own topic): the gap test blocks a partition on purpose. */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "portway.query.rebuild-batch-size=500")
@WithPortwayInfrastructure
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildIT {

    static EventLog log;

    @Autowired
    TestRestTemplate http;
    @Autowired
    PortwayTopics topics;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void topic() {
        if (log == null) {
            log = new EventLog(topics.sendPortEvents());
        }
    }

    @AfterAll
    static void close() {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    ResponseEntity<JsonNode> get(String path) {
        return http.withBasicAuth("viewer", "viewer").getForEntity(path, JsonNode.class);
    }

    ResponseEntity<JsonNode> rebuild() {
        return http.withBasicAuth("admin", "admin").postForEntity("/api/admin/rebuild", null, JsonNode.class);
    }

    JsonNode progress() {
        return http.withBasicAuth("admin", "admin").getForEntity("/api/admin/rebuild", JsonNode.class).getBody();
    }

    List<Map<String, Object>> readModels() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(jdbc.queryForList("select 'port' t, artifact_id, name, status, application, transport_type, "
                + "version, state::text from query.send_port where name not like 'late-%' order by artifact_id"));
        rows.addAll(jdbc.queryForList("select 'group' t, artifact_id, name, status, application, version, "
                + "state::text from query.send_port_group order by artifact_id"));
        rows.addAll(jdbc.queryForList("select 'member' t, * from query.group_member "
                + "order by group_artifact_id, position"));
        rows.addAll(jdbc.queryForList("select 'seq' t, s.* from query.event_sequence s where not exists (select 1 "
                + "from query.history h where h.artifact_id = s.artifact_id and h.name like 'late-%') "
                + "order by artifact_id"));
        rows.addAll(jdbc.queryForList("select 'history' t, artifact_id, sequence, kind, name, type, occurred_at, "
                + "position, event_id, principal, correlation_id, data::text, state::text from query.history "
                + "where name not like 'late-%' order by artifact_id, sequence"));
        return rows;
    }

    @Test
    @Order(1)
    void a_rebuild_under_concurrent_queries_and_writes_ends_equal_to_the_live_read_models() throws Exception {
        List<EventLog.Artifact> ports = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String name = String.format("port-%03d", i);
            EventLog.Artifact port = log.artifact();
            log.sendAsync(port.next(new SendPortCreated(name, false, false,
                    EventLog.configuration("d", i % 2 == 0 ? TransportType.FILE : TransportType.HTTP, "App" + i % 3)),
                    Instant.now()));
            log.sendAsync(port.next(new SendPortEnlisted(name), Instant.now()));
            if (i % 3 == 0) {
                log.sendAsync(port.next(new SendPortStarted(name), Instant.now()));
            }
            if (i % 5 == 0) {
                log.sendAsync(port.next(new SendPortConfigured(name,
                        EventLog.configuration("changed", TransportType.KAFKA, "App" + i % 3)), Instant.now()));
            }
            ports.add(port);
        }
        for (int g = 0; g < 10; g++) {
            String name = "group-" + g;
            EventLog.Artifact group = log.artifact();
            log.sendAsync(group.next(new SendPortGroupCreated(name,
                    new SendPortGroupConfiguration("g", "App" + g % 3, Filter.EMPTY),
                    List.of(String.format("port-%03d", g))), Instant.now()));
            log.sendAsync(group.next(new SendPortAddedToGroup(name, String.format("port-%03d", g + 100)),
                    Instant.now()));
            log.sendAsync(group.next(new SendPortGroupEnlisted(name), Instant.now()));
            log.sendAsync(group.next(new SendPortGroupStarted(name), Instant.now()));
        }
        log.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from query.history", Long.class) == ports.stream().mapToLong(
                EventLog.Artifact::version).sum() + 40);
        List<Map<String, Object>> before = readModels();

        AtomicBoolean querying = new AtomicBoolean(true);
        AtomicInteger answers = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread readers = new Thread(() -> {
            while (querying.get()) {
                ResponseEntity<JsonNode> list = get("/api/send-ports?limit=1000");
                ResponseEntity<JsonNode> one = get("/api/send-port-groups/group-3");
                if (list.getStatusCode() != HttpStatus.OK || list.getBody().get("items").size() < 300
                        || one.getStatusCode() != HttpStatus.OK
                        || !"Started".equals(one.getBody().get("status").asText())) {
                    failures.add(list.getStatusCode() + " " + one.getStatusCode() + " " + one.getBody());
                }
                answers.incrementAndGet();
            }
        });
        readers.start();

        // Holds the rebuild at its first step, whatever the machine's speed: a transaction that has created the
        // shadow schema and not committed makes the rebuild's own "create schema" wait for it.
        try (Connection hold = dataSource.getConnection()) {
            hold.setAutoCommit(false);
            try (Statement statement = hold.createStatement()) {
                statement.execute("create schema query_rebuild");
            }
            ResponseEntity<JsonNode> started = rebuild();
            assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(started.getBody().get("state").asText()).isEqualTo("RUNNING");
            ResponseEntity<JsonNode> second = rebuild();
            assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(second.getBody().get("code").asText()).isEqualTo("REBUILD_RUNNING");
            hold.rollback();
        }

        List<EventLog.Artifact> late = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EventLog.Artifact port = log.artifact();
            port.publish(new SendPortCreated("late-" + i, false, false,
                    EventLog.configuration("d", TransportType.FILE, "Late")));
            late.add(port);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(progress().get("state").asText()));
        JsonNode done = progress();
        assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("processed").asLong()).isGreaterThanOrEqualTo(before.stream()
                .filter(row -> "history".equals(row.get("t"))).count());
        assertThat(done.get("total").asLong()).isEqualTo(done.get("processed").asLong());
        assertThat(done.get("finishedAt").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/send-ports?application=Late").getBody()
                .get("items").size() == 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.get() > 5);
        querying.set(false);
        readers.join();

        assertThat(failures).isEmpty();
        assertThat(readModels()).isEqualTo(before);
        assertThat(get("/api/send-ports/late-7?minVersion=1").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    @Order(2)
    void a_gap_turns_health_down_and_holds_the_artifact_until_a_rebuild_replays_the_republished_events() {
        EventLog.Artifact port = log.artifact();
        port.publish(new SendPortCreated("gappy", false, false, EventLog.configuration("d", TransportType.FILE,
                "Default")));
        EventEnvelope enlisted = port.next(new SendPortEnlisted("gappy"), Instant.now());
        EventEnvelope started = port.next(new SendPortStarted("gappy"), Instant.now());
        log.send(started);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(http.getForEntity("/actuator/health",
                JsonNode.class).getBody().path("components").path("eventSequence").path("status").asText()));
        assertThat(get("/api/send-ports/gappy").getBody().get("version").asLong()).isEqualTo(1);
        assertThat(meters.get("portway.events.gaps").counter().count()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode retrying = http.getForEntity("/actuator/health/readiness", JsonNode.class).getBody()
                    .at("/components/consumers/details/halted/projection/retrying");
            assertThat(retrying.path("attempts").asInt()).as("a record retried is named").isGreaterThanOrEqualTo(10);
            assertThat(retrying.path("reason").asText()).contains("gap before sequence 3 of gappy");
        });

        log.send(enlisted);
        log.send(started);
        assertThat(get("/api/send-ports/gappy?minVersion=3").getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);

        assertThat(rebuild().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(progress().get("state").asText()));
        assertThat(get("/api/send-ports/gappy?minVersion=3").getBody().get("status").asText()).isEqualTo("Started");
        await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(http.getForEntity("/actuator/health",
                JsonNode.class).getBody().path("status").asText()));
    }

    /**
     * Last: it leaves the live projection with an event it cannot apply. The rebuild's replay of that event's
     * partition fails while the other partitions replay; the rebuild fails as a whole, drops its shadow schema,
     * and the live read models stay as they were.
     */
    @Test
    @Order(3)
    void a_rebuild_that_fails_in_one_partition_leaves_the_live_read_models_untouched() {
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(http.getForEntity("/actuator/health",
                JsonNode.class).getBody().path("status").asText()));
        EventLog.Artifact bad = log.artifact();
        bad.publish(new SendPortCreated("x".repeat(300), false, false, EventLog.configuration("d",
                TransportType.FILE, "Default")));
        // the live projection records the event as one it cannot apply; from then on its tables stay as they are
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from "
                + "query.event_sequence where artifact_id = ? and failed_sequence = 1", Long.class, bad.id) == 1);
        List<Map<String, Object>> before = readModels();

        assertThat(rebuild().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(progress().get("state").asText()));
        JsonNode done = progress();
        assertThat(done.get("state").asText()).isEqualTo("FAILED");
        assertThat(done.get("error").asText()).contains("too long");
        assertThat(jdbc.queryForObject("select count(*) from pg_namespace where nspname = 'query_rebuild'",
                Long.class)).isZero();
        assertThat(readModels()).isEqualTo(before);
        assertThat(get("/api/send-ports/port-007").getStatusCode()).isEqualTo(HttpStatus.OK);
    }
}
