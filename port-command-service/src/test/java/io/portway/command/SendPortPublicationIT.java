package io.portway.command;

import io.portway.events.EventEnvelope;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortStarted;
import io.portway.messaging.CloudEventHeaders;
import io.portway.messaging.SendPortEventCodec;
import io.portway.support.PortwayTopics;
import io.portway.testsupport.WithPortwayInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPortwayInfrastructure
class SendPortPublicationIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PortwayTopics topics;

    @Test
    void aCommandsEventsAreStoredAndArriveOnKafkaAsCloudEventsWithKeyAndAuditHeaders() {
        Api api = new Api("http://localhost:" + port, "admin");
        // its own port and only its records and events: other classes share this context's store and topic
        String name = "Orders.File." + java.util.UUID.randomUUID();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var created = api.call(HttpMethod.POST, "/api/send-ports", Api.staticPort(name),
                Map.of("X-Correlation-Id", "corr-123", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        try (KafkaTopicReader reader = new KafkaTopicReader(topics.sendPortEvents())) {
            assertThat(KafkaTopicReader.keysAndSequences(reader.recordsOnTopicNow()))
                    .filteredOn(key -> key.startsWith(name + "@"))
                    .as("the 201 waited for Kafka's acknowledgement").containsExactly(name + "@1");
            assertThat(created.getHeaders().get("Portway-Published")).isNull();
        }
        assertThat(created.getHeaders().getETag()).isEqualTo("\"1\"");
        assertThat(created.getBody()).containsEntry("status", "Bound").containsEntry("version", 1)
                .containsEntry("priority", 5).containsEntry("application", "Default");
        var started = api.post("/api/send-ports/" + name + "/start", "");
        assertThat(started.getBody()).isEqualTo(Map.of("name", name, "status", "Started", "version", 3));
        try (KafkaTopicReader reader = new KafkaTopicReader(topics.sendPortEvents())) {
            assertThat(KafkaTopicReader.keysAndSequences(reader.recordsOnTopicNow()))
                    .filteredOn(key -> key.startsWith(name + "@"))
                    .as("the 200 waited for both events' acknowledgements")
                    .containsExactly(name + "@1", name + "@2", name + "@3");
        }

        String artifactId = jdbc.queryForObject("SELECT artifact_id FROM command.artifact WHERE name = ?",
                String.class, name);
        List<String> stored = jdbc.queryForList("SELECT payloadtype FROM command.domainevententry"
                + " WHERE aggregateidentifier = ? ORDER BY globalindex", String.class, artifactId);
        assertThat(stored).containsExactly(SendPortCreated.class.getName(),
                "io.portway.events.SendPortEnlisted", SendPortStarted.class.getName());

        try (KafkaTopicReader reader = new KafkaTopicReader(topics.sendPortEvents())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.records().stream()
                    .filter(record -> name.equals(record.key())).count() >= 3);
            List<ConsumerRecord<String, byte[]>> records = reader.records().stream()
                    .filter(record -> name.equals(record.key())).toList();
            assertThat(records).hasSize(3);
            assertThat(records).extracting(r -> header(r, CloudEventHeaders.TYPE)).containsExactly(
                    "portway.SendPortCreated", "portway.SendPortEnlisted", "portway.SendPortStarted");
            assertThat(records).extracting(r -> header(r, CloudEventHeaders.SEQUENCE))
                    .containsExactly("1", "2", "3");
            ConsumerRecord<String, byte[]> first = records.get(0);
            assertThat(header(first, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(header(first, CloudEventHeaders.ARTIFACT_ID)).isEqualTo(artifactId);
            assertThat(header(first, CloudEventHeaders.ARTIFACT_KIND)).isEqualTo("SendPort");
            assertThat(header(first, CloudEventHeaders.PRINCIPAL)).isEqualTo("admin");
            assertThat(header(first, CloudEventHeaders.CORRELATION_ID)).isEqualTo("corr-123");
            assertThat(header(first, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
            // the request's trace, from the event's metadata (the publishing processor runs on its own thread)
            assertThat(header(first, "traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01");
            assertThat(header(first, CloudEventHeaders.TRACEPARENT)).isEqualTo(header(first, "traceparent"));
            assertThat(header(records.get(2), "traceparent")).as("a request without traceparent starts a trace")
                    .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]").doesNotContain(traceId);
            EventEnvelope envelope = new SendPortEventCodec().fromRecord(first);
            assertThat(envelope.event()).isInstanceOfSatisfying(SendPortCreated.class, event -> {
                assertThat(event.name()).isEqualTo(name);
                assertThat(event.configuration().primaryTransport().retryCount()).isEqualTo(3);
            });
            assertThat(envelope.position()).isPositive();
            assertThat(new SendPortEventCodec().fromRecord(records.get(2)).position())
                    .isGreaterThan(envelope.position());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
