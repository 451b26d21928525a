package io.portway.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.events.SendPortUnenlisted;
import io.portway.events.TransportType;
import io.portway.events.Filter;
import io.portway.support.PortwayTopics;
import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "portway.query.read-your-writes-timeout=2s")
@WithPortwayInfrastructure
class QueryServiceIT {

    static EventLog log;

    @Autowired
    TestRestTemplate http;
    @Autowired
    PortwayTopics topics;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

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

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<String> top(JsonNode items, String field) {
        List<String> values = new java.util.ArrayList<>();
        items.forEach(item -> values.add(item.get(field).asText()));
        return values;
    }

    ResponseEntity<JsonNode> get(String path) {
        return http.withBasicAuth("viewer", "viewer").getForEntity(path, JsonNode.class);
    }

    @Test
    void the_openapi_document_lists_every_property_of_a_send_port() {
        JsonNode view = get("/v3/api-docs").getBody().path("components").path("schemas").path("SendPortView");
        List<String> properties = new ArrayList<>();
        view.path("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).containsExactlyInAnyOrder("artifactId", "name", "description", "application",
                "dynamic", "twoWay", "primaryTransport", "backupTransport", "sendPipeline", "filter", "priority",
                "orderedDelivery", "stopSendingOnFailure", "routeFailedMessages", "tracking", "status", "version",
                "createdAt", "updatedAt", "groups");
    }

    @Test
    void published_events_become_a_port_and_a_group_with_members_statuses_and_filters() {
        String name = unique("SP");
        String group = unique("G");
        EventLog.Artifact port = log.artifact();
        port.publish(new SendPortCreated(name, false, false, EventLog.configuration("d", TransportType.HTTP, "Shop")));
        port.publish(new SendPortEnlisted(name));
        port.publish(new SendPortStarted(name));
        EventLog.Artifact g = log.artifact();
        g.publish(new SendPortGroupCreated(group, new SendPortGroupConfiguration("g", "Shop", Filter.EMPTY),
                List.of(name)));
        g.publish(new SendPortGroupEnlisted(group));

        ResponseEntity<JsonNode> answer = get("/api/send-ports/" + name + "?minVersion=3");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = answer.getBody();
        assertThat(body.get("name").asText()).isEqualTo(name);
        assertThat(body.get("status").asText()).isEqualTo("Started");
        assertThat(body.get("version").asLong()).isEqualTo(3);
        assertThat(body.get("application").asText()).isEqualTo("Shop");
        assertThat(body.get("primaryTransport").get("type").asText()).isEqualTo("HTTP");
        assertThat(body.get("primaryTransport").get("retryInterval").asText()).isEqualTo("PT5M");

        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Min-Version", "2");
        JsonNode groupView = http.withBasicAuth("viewer", "viewer").exchange("/api/send-port-groups/" + group,
                HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class).getBody();
        assertThat(groupView.get("status").asText()).isEqualTo("Stopped");
        assertThat(groupView.get("sendPorts").get(0).get("name").asText()).isEqualTo(name);
        assertThat(groupView.get("sendPorts").get(0).get("status").asText()).isEqualTo("Started");
        assertThat(get("/api/send-ports/" + name).getBody().get("groups").get(0).asText()).isEqualTo(group);

        JsonNode filtered = get("/api/send-ports?status=Started&application=Shop&transportType=HTTP").getBody();
        assertThat(top(filtered.get("items"), "name")).contains(name);
        assertThat(get("/api/send-ports?status=Bound&application=Shop").getBody().get("items")
                .findValuesAsText("name")).doesNotContain(name);
        assertThat(get("/api/send-port-groups?application=Shop").getBody().get("items").findValuesAsText("name"))
                .contains(group);
    }

    @Test
    void the_overview_counts_ports_and_groups_per_status_of_an_application() {
        String application = unique("Counted");
        List<String> ports = List.of(unique("SP"), unique("SP"), unique("SP"));
        for (String name : ports) {
            log.artifact().publish(new SendPortCreated(name, false, false,
                    EventLog.configuration("d", TransportType.FILE, application)));
        }
        EventLog.Artifact started = log.artifact();
        String startedName = unique("SP");
        started.publish(new SendPortCreated(startedName, false, false,
                EventLog.configuration("d", TransportType.FILE, application)));
        started.publish(new SendPortEnlisted(startedName));
        started.publish(new SendPortStarted(startedName));
        EventLog.Artifact group = log.artifact();
        String groupName = unique("G");
        group.publish(new SendPortGroupCreated(groupName, new SendPortGroupConfiguration("g", application,
                Filter.EMPTY), List.of(startedName)));
        group.publish(new SendPortGroupEnlisted(groupName));
        get("/api/send-ports/" + startedName + "?minVersion=3");
        get("/api/send-port-groups/" + groupName + "?minVersion=2");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode counts = get("/api/overview/artifacts?application=" + application).getBody();
            assertThat(counts.get("sendPorts").get("total").asLong()).isEqualTo(4);
            assertThat(counts.get("sendPorts").get("byStatus").get("Bound").asLong()).isEqualTo(3);
            assertThat(counts.get("sendPorts").get("byStatus").get("Stopped").asLong()).isZero();
            assertThat(counts.get("sendPorts").get("byStatus").get("Started").asLong()).isEqualTo(1);
            assertThat(counts.get("sendPortGroups").get("total").asLong()).isEqualTo(1);
            assertThat(counts.get("sendPortGroups").get("byStatus").get("Stopped").asLong()).isEqualTo(1);
        });
        assertThat(get("/api/overview/artifacts").getBody().get("sendPorts").get("total").asLong())
                .isGreaterThanOrEqualTo(4);
        assertThat(http.getForEntity("/api/overview/artifacts", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void any_text_is_stored_even_U0000_which_postgresql_text_cannot_hold() {
        String name = unique("NUL");
        String application = unique("App\u0000");
        EventLog.Artifact port = log.artifact();
        port.publish(new SendPortCreated(name, false, false,
                EventLog.configuration("before\u0000after\u0007", TransportType.FILE, application)));
        port.publish(new SendPortEnlisted(name));

        ResponseEntity<JsonNode> answer = get("/api/send-ports/" + name + "?minVersion=2");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("description").asText()).isEqualTo("before\u0000after\u0007");
        assertThat(answer.getBody().get("application").asText()).isEqualTo(application);
        assertThat(answer.getBody().get("status").asText()).isEqualTo("Stopped");
        JsonNode history = get("/api/send-ports/" + name + "/history").getBody().get("items");
        assertThat(history.get(0).get("data").get("configuration").get("description").asText())
                .isEqualTo("before\u0000after\u0007");
    }

    @Test
    void an_event_that_cannot_be_applied_turns_readiness_down_naming_it_while_other_artifacts_go_on() {
        String unfoldable = unique("NeverCreated");
        String tooLong = unique("Long") + "x".repeat(300);
        String good = unique("SP");
        EventLog.Artifact bad = log.artifact();
        EventLog.Artifact refused = log.artifact();
        EventLog.Artifact fine = log.artifact();
        double failedBefore = failures();
        try {
            bad.publish(new SendPortStarted(unfoldable));
            refused.publish(new SendPortCreated(tooLong, false, false,
                    EventLog.configuration("d", TransportType.FILE, "Default")));
            fine.publish(new SendPortCreated(good, false, false,
                    EventLog.configuration("d", TransportType.FILE, "Default")));
            bad.publish(new SendPortStopped(unfoldable));
            fine.publish(new SendPortEnlisted(good));

            assertThat(get("/api/send-ports/" + good + "?minVersion=2").getStatusCode())
                    .as("events of other artifacts are applied after the bad ones").isEqualTo(HttpStatus.OK);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ResponseEntity<JsonNode> readiness = get("/actuator/health/readiness");
                assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                JsonNode halted = readiness.getBody().at("/components/consumers/details/halted/projection");
                assertThat(halted.path(bad.id).path("name").asText()).isEqualTo(unfoldable);
                assertThat(halted.path(bad.id).path("sequence").asLong()).isEqualTo(1);
                assertThat(halted.path(bad.id).path("reason").asText()).contains("does not apply");
                assertThat(halted.path(refused.id).path("sequence").asLong()).isEqualTo(1);
                assertThat(halted.path(refused.id).path("reason").asText()).contains("too long");
            });
            assertThat(failures() - failedBefore).isEqualTo(2);
            assertThat(get("/api/send-ports/" + unfoldable).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        } finally {
            jdbc.update("update query.event_sequence set failed_sequence = null where artifact_id in (?, ?)",
                    bad.id, refused.id);
        }
        fine.publish(new SendPortStarted(good));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health/readiness")
                .getStatusCode() == HttpStatus.OK);
    }

    private double failures() {
        var counter = meters.find("portway.consumer.failures").tag("consumer", "projection").counter();
        return counter == null ? 0 : counter.count();
    }

    @Autowired
    io.portway.query.projection.Projector projector;
    @Autowired
    javax.sql.DataSource dataSource;

    /**
     * The live consumer writes a batch with statements over arrays, the rebuild with COPY: the same events, with
     * creates, configures, deletes, a name reused in the same batch, group membership, duplicates within and across
     * batches and texts that need escaping (quotes, backslashes, tabs, newlines, U+0000, non-ASCII), give the same
     * rows in every table.
     */
    @Test
    void a_live_batch_writes_the_same_rows_as_the_rebuilds_copy() throws Exception {
        String odd = "q\"uo'te \\back\\slash\ttab\nline\r\u0000nul é ∑ {a,b} NULL";
        Instant t0 = Instant.parse("2026-12-01T10:00:00.123456Z");
        List<io.portway.events.EventEnvelope> events = new ArrayList<>();
        java.util.function.BiFunction<String, io.portway.events.PortwayEvent, io.portway.events.EventEnvelope> next =
                new java.util.function.BiFunction<>() {
                    final java.util.Map<String, Long> sequences = new java.util.HashMap<>();

                    @Override
                    public io.portway.events.EventEnvelope apply(String id, io.portway.events.PortwayEvent event) {
                        long sequence = sequences.merge(id, 1L, Long::sum);
                        return new io.portway.events.EventEnvelope(id + "-" + sequence, id, sequence,
                                events.size() + 1, t0.plusMillis(events.size()), sequence == 2 ? null : "ad\u0000min",
                                sequence == 3 ? null : "corr" + odd, event);
                    }
                };
        String p1 = "P1 " + odd;
        events.add(next.apply("p1", new SendPortCreated(p1, false, true,
                EventLog.configuration(odd, TransportType.FILE, "App " + odd))));
        events.add(next.apply("p2", new SendPortCreated("P2", false, false,
                EventLog.configuration("", TransportType.HTTP, "App"))));
        events.add(next.apply("g1", new SendPortGroupCreated("G1 " + odd,
                new SendPortGroupConfiguration(odd, "App", Filter.EMPTY), List.of(p1))));
        events.add(next.apply("p1", new SendPortConfigured(p1,
                EventLog.configuration("second " + odd, TransportType.HTTP, "App"))));
        events.add(next.apply("p2", new SendPortDeleted("P2")));
        events.add(next.apply("p3", new SendPortCreated("P2", false, false,
                EventLog.configuration("the name again", TransportType.FILE, "App"))));
        events.add(next.apply("g1", new SendPortAddedToGroup("G1 " + odd, "P2")));
        events.add(next.apply("g2", new SendPortGroupCreated("G2",
                new SendPortGroupConfiguration("", "App", Filter.EMPTY), List.of("P2"))));
        events.add(next.apply("g2", new io.portway.events.SendPortGroupDeleted("G2")));
        events.add(next.apply("p1", new SendPortEnlisted(p1)));
        events.add(next.apply("g1", new SendPortGroupEnlisted("G1 " + odd)));
        List<io.portway.events.EventEnvelope> first = new ArrayList<>(events.subList(0, 5));
        first.add(events.get(1));
        List<io.portway.events.EventEnvelope> second = new ArrayList<>(events.subList(3, events.size()));
        second.add(4, events.get(0));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String live = "live_" + suffix;
        String copied = "copied_" + suffix;
        List<String> tables = List.of("event_sequence", "send_port", "send_port_group", "group_member", "history");
        for (String schema : List.of(live, copied)) {
            jdbc.execute("create schema " + schema);
            tables.forEach(table -> jdbc.execute("create table " + schema + "." + table + " (like query." + table
                    + " including all)"));
        }

        for (List<io.portway.events.EventEnvelope> batch : List.of(first, second)) {
            inTransaction(connection -> {
                io.portway.query.projection.Projector.Session session = projector.session(live, false);
                assertThat(session.apply(connection, batch, true).gapIndex()).isEqualTo(-1);
                session.flush(connection);
            });
        }
        inTransaction(connection -> {
            io.portway.query.projection.Projector.Session session = projector.session(copied, true);
            session.apply(connection, first, false);
            session.apply(connection, second, false);
            session.flush(connection);
        });

        java.util.Map<String, String> queries = java.util.Map.of(
                "event_sequence", "select * from %s.event_sequence order by 1",
                "send_port", "select artifact_id, name, status, application, transport_type, version, state::text "
                        + "from %s.send_port order by 1",
                "send_port_group", "select artifact_id, name, status, application, version, state::text "
                        + "from %s.send_port_group order by 1",
                "group_member", "select * from %s.group_member order by 1, 2",
                "history", "select artifact_id, sequence, kind, name, type, occurred_at, position, event_id, "
                        + "principal, correlation_id, data::text, state::text from %s.history order by id");
        queries.forEach((table, query) -> {
            List<java.util.Map<String, Object>> liveRows = jdbc.queryForList(query.formatted(live));
            assertThat(liveRows).as(table).isNotEmpty()
                    .isEqualTo(jdbc.queryForList(query.formatted(copied)));
        });
        assertThat(jdbc.queryForList("select name from " + live + ".send_port order by name", String.class))
                .containsExactly("P1 " + odd.replace('\u0000', '\uFFFD'), "P2");
        assertThat(jdbc.queryForList("select port_name from " + live + ".group_member order by position",
                String.class)).containsExactly("P1 " + odd.replace('\u0000', '\uFFFD'), "P2");
        assertThat(jdbc.queryForObject("select count(*) from " + live + ".history", Long.class))
                .isEqualTo(events.size());
        for (String schema : List.of(live, copied)) {
            jdbc.execute("drop schema " + schema + " cascade");
        }
    }

    interface SqlWork {
        void run(java.sql.Connection connection) throws java.sql.SQLException;
    }

    void inTransaction(SqlWork work) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            work.run(connection);
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    @Test
    void lists_are_paged_with_a_cursor() {
        String application = unique("Paged");
        for (int i = 0; i < 5; i++) {
            log.artifact().publish(new SendPortCreated(application + "-" + i, false, false,
                    EventLog.configuration("d", TransportType.FILE, application)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/send-ports?application=" + application)
                .getBody().get("items").size() == 5);
        JsonNode first = get("/api/send-ports?application=" + application + "&limit=2").getBody();
        assertThat(top(first.get("items"), "name")).containsExactly(application + "-0", application + "-1");
        JsonNode second = get("/api/send-ports?application=" + application + "&limit=2&cursor="
                + first.get("next").asText()).getBody();
        assertThat(top(second.get("items"), "name")).containsExactly(application + "-2",
                application + "-3");
        JsonNode last = get("/api/send-ports?application=" + application + "&limit=2&cursor="
                + second.get("next").asText()).getBody();
        assertThat(top(last.get("items"), "name")).containsExactly(application + "-4");
        assertThat(last.get("next").isNull()).isTrue();
    }

    @Test
    void history_and_as_of_answer_every_incarnation_of_a_name_including_deleted_ones() {
        String name = unique("SP");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        EventLog.Artifact first = log.artifact();
        first.publish(new SendPortCreated(name, false, false, EventLog.configuration("v1", TransportType.FILE,
                "Default")), t0.plusSeconds(1));
        first.publish(new SendPortConfigured(name, EventLog.configuration("v2", TransportType.HTTP, "Default")),
                t0.plusSeconds(2));
        first.publish(new SendPortEnlisted(name), t0.plusSeconds(3));
        first.publish(new SendPortStarted(name), t0.plusSeconds(4));
        first.publish(new SendPortStopped(name), t0.plusSeconds(5));
        first.publish(new SendPortUnenlisted(name), t0.plusSeconds(6));
        first.publish(new SendPortDeleted(name), t0.plusSeconds(7));
        EventLog.Artifact second = log.artifact();
        second.publish(new SendPortCreated(name, true, false, EventLog.configuration("again", TransportType.FILE,
                "Default")), t0.plusSeconds(9));

        // the first incarnation also reached version 1, so wait for the second one itself
        await().untilAsserted(() -> assertThat(get("/api/send-ports/" + name).getBody().path("artifactId").asText())
                .isEqualTo(second.id));
        JsonNode history = get("/api/send-ports/" + name + "/history").getBody().get("items");
        assertThat(top(history, "type")).containsExactly("SendPortCreated", "SendPortConfigured",
                "SendPortEnlisted", "SendPortStarted", "SendPortStopped", "SendPortUnenlisted", "SendPortDeleted",
                "SendPortCreated");
        assertThat(history.get(1).get("sequence").asLong()).isEqualTo(2);
        assertThat(history.get(1).get("artifactId").asText()).isEqualTo(first.id);
        assertThat(history.get(1).get("principal").asText()).isEqualTo("admin");
        assertThat(history.get(1).get("correlationId").asText()).startsWith("corr-");
        assertThat(history.get(1).get("occurredAt").asText()).isEqualTo(t0.plusSeconds(2).toString());
        assertThat(history.get(1).get("data").get("configuration").get("description").asText()).isEqualTo("v2");
        assertThat(history.get(7).get("artifactId").asText()).isEqualTo(second.id);
        assertThat(history.get(7).get("sequence").asLong()).isEqualTo(1);

        JsonNode atTwo = get("/api/send-ports/" + name + "?asOf=" + t0.plusSeconds(2).plusMillis(500)).getBody();
        assertThat(atTwo.get("description").asText()).isEqualTo("v2");
        assertThat(atTwo.get("status").asText()).isEqualTo("Bound");
        assertThat(atTwo.get("version").asLong()).isEqualTo(2);
        assertThat(get("/api/send-ports/" + name + "?asOf=" + t0.plusSeconds(4)).getBody().get("status").asText())
                .isEqualTo("Started");
        ResponseEntity<JsonNode> beforeCreation = get("/api/send-ports/" + name + "?asOf=" + t0);
        assertThat(beforeCreation.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(beforeCreation.getBody().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(get("/api/send-ports/" + name + "?asOf=" + t0.plusSeconds(8)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/send-ports/" + name + "?asOf=" + t0.plusSeconds(10)).getBody().get("description")
                .asText()).isEqualTo("again");
        assertThat(get("/api/send-ports/" + unique("never") + "/history").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void the_audit_log_shows_each_change_with_the_state_before_and_after() {
        String name = unique("SP");
        String group = unique("G");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(2));
        EventLog.Artifact port = log.artifact();
        port.publish(new SendPortCreated(name, false, false, EventLog.configuration("d", TransportType.FILE, "A")),
                t0.plusSeconds(1));
        port.publish(new SendPortEnlisted(name), t0.plusSeconds(2));
        EventLog.Artifact g = log.artifact();
        g.publish(new SendPortGroupCreated(group, new SendPortGroupConfiguration("g", "A", Filter.EMPTY), List.of()),
                t0.plusSeconds(3));
        g.publish(new SendPortAddedToGroup(group, name), t0.plusSeconds(4));
        get("/api/send-port-groups/" + group + "?minVersion=2");
        get("/api/send-ports/" + name + "?minVersion=2"); // another partition: it may come later than the group

        JsonNode entries = get("/api/audit?artifact=" + name + "&from=" + t0 + "&to=" + t0.plusSeconds(10))
                .getBody().get("items");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("type").asText()).isEqualTo("SendPortCreated");
        assertThat(entries.get(0).get("before").isNull()).isTrue();
        assertThat(entries.get(0).get("after").get("status").asText()).isEqualTo("Bound");
        assertThat(entries.get(1).get("before").get("status").asText()).isEqualTo("Bound");
        assertThat(entries.get(1).get("after").get("status").asText()).isEqualTo("Stopped");
        assertThat(entries.get(1).get("after").get("version").asLong()).isEqualTo(2);
        assertThat(entries.get(1).get("principal").asText()).isEqualTo("admin");

        JsonNode window = get("/api/audit?from=" + t0.plusSeconds(2) + "&to=" + t0.plusSeconds(5) + "&limit=2")
                .getBody();
        assertThat(top(window.get("items"), "type")).containsExactly("SendPortEnlisted",
                "SendPortGroupCreated");
        JsonNode rest = get("/api/audit?from=" + t0.plusSeconds(2) + "&to=" + t0.plusSeconds(5) + "&limit=2&cursor="
                + window.get("next").asText()).getBody();
        assertThat(top(rest.get("items"), "type")).containsExactly("SendPortAddedToGroup");
        assertThat(rest.get("items").get(0).get("before").get("sendPorts")).isEmpty();
        assertThat(rest.get("items").get(0).get("after").get("sendPorts").get(0).asText()).isEqualTo(name);

        assertThat(get("/api/audit?from=" + t0.plusSeconds(5) + "&to=" + t0).getBody().get("code").asText())
                .isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void a_read_that_cannot_catch_up_answers_504_and_bad_input_answers_400() {
        String name = unique("SP");
        log.artifact().publish(new SendPortCreated(name, false, false,
                EventLog.configuration("d", TransportType.FILE, "Default")));
        ResponseEntity<JsonNode> late = get("/api/send-ports/" + name + "?minVersion=5");
        assertThat(late.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(late.getBody().get("code").asText()).isEqualTo("NOT_CAUGHT_UP");
        assertThat(late.getHeaders().getContentType().toString()).contains("problem+json");

        assertThat(get("/api/send-ports?status=Running").getBody().get("code").asText())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(get("/api/send-ports/" + name + "?asOf=yesterday").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(get("/api/send-ports?cursor=%21%21").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.getForEntity("/api/send-ports", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("viewer", "viewer").postForEntity("/api/admin/rebuild", null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
