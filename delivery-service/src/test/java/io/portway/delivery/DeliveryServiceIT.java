package io.portway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.delivery.routing.RoutingTable;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.ServiceWindow;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.events.delivery.DeliveryEvent;
import io.portway.events.delivery.ServiceInstanceDelivered;
import io.portway.messaging.DeliveryEventCodec;
import io.portway.testsupport.PortwayTestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery service end to end against real PostgreSQL and Kafka: port state fed as real CloudEvents on the
 * send-port-events topic, messages published over REST and Kafka, delivered to files, a local HTTP sink and Kafka.
 */
@DeliveryIT
class DeliveryServiceIT {

    private static final Duration FAST = Duration.ofMillis(200);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RoutingTable routing;
    @Value("${portway.topics.send-port-events}")
    String sendPortEvents;
    @Value("${portway.topics.messages}")
    String messagesTopic;
    @Value("${portway.topics.delivery-events}")
    String deliveryEventsTopic;
    @TempDir
    Path out;

    private final ObjectMapper json = new ObjectMapper();
    private EventFeed feed;
    private HttpSink sink;
    private KafkaConsumer<String, byte[]> outcomes;
    private final List<DeliveryEvent> published = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(), sendPortEvents);
        sink = new HttpSink();
    }

    @AfterAll
    void stop() {
        feed.close();
        sink.close();
        if (outcomes != null) {
            outcomes.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static Filter eq(String property, String value) {
        return new Filter(List.of(List.of(new FilterStatement(property, FilterOperator.EQUALS, value))));
    }

    static Transport transport(TransportType type, String address, int retryCount, ServiceWindow window) {
        return new Transport(type, address, Map.of(), retryCount, FAST, window);
    }

    static SendPortConfiguration config(Transport primary, Transport backup, Filter filter, boolean ordered,
                                        boolean stopOnFailure, SendPipeline pipeline) {
        return new SendPortConfiguration("", "Default", primary, backup, pipeline, filter, 5, ordered,
                stopOnFailure, false, Tracking.NONE);
    }

    static SendPortConfiguration config(Transport primary, Filter filter) {
        return config(primary, null, filter, false, false, SendPipeline.PassThruTransmit);
    }

    private String fileAddress(String port) {
        return out.resolve(port).toUri().toString().replaceAll("/?$", "/") + "%MessageID%.xml";
    }

    private void awaitPort(String name, ArtifactStatus status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> routing.port(name) != null
                && routing.port(name).status() == status);
    }

    private void awaitGroup(String name, ArtifactStatus status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> routing.group(name) != null
                && routing.group(name).status() == status);
    }

    private ResponseEntity<String> publish(String user, Map<String, Object> message) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth(user, user).postForEntity("/api/messages", new HttpEntity<>(message, headers),
                String.class);
    }

    private JsonNode publish(String id, Map<String, String> context, String body) {
        Map<String, Object> message = new HashMap<>();
        message.put("id", id);
        message.put("context", context);
        message.put("body", body);
        ResponseEntity<String> response = publish("publisher", message);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return read(response.getBody());
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private JsonNode get(String path) {
        ResponseEntity<String> response = rest.withBasicAuth("viewer", "viewer").getForEntity(path, String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return read(response.getBody());
    }

    private ResponseEntity<String> operator(String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth("operator", "operator").postForEntity(path,
                new HttpEntity<>(body == null ? "" : body, headers), String.class);
    }

    private JsonNode instance(String id) {
        return get("/api/service-instances/" + id);
    }

    private String awaitStatus(String instanceId, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(instance(instanceId).get("status").asText()).isEqualTo(status));
        return instanceId;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void a_message_is_written_to_the_file_of_every_started_subscriber_and_its_outcome_is_published() throws Exception {
        String port = unique("file");
        feed.port(port, config(transport(TransportType.FILE, fileAddress(port), 3, null), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        JsonNode answer = publish("m-" + port, Map.of("Test.Case", port), "<order id=\"1\"/>");

        assertThat(answer.get("messageId").asText()).isEqualTo("m-" + port);
        assertThat(answer.get("routes")).hasSize(1);
        assertThat(answer.get("routes").get(0).get("via").asText()).isEqualTo("filter");
        String instanceId = answer.get("routes").get(0).get("instanceId").asText();
        Path file = out.resolve(port).resolve("m-" + port + ".xml");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
        assertThat(Files.readString(file)).isEqualTo("<order id=\"1\"/>");
        awaitStatus(instanceId, "Completed");

        JsonNode message = get("/api/messages/m-" + port);
        assertThat(message.get("context").get("Test.Case").asText()).isEqualTo(port);
        assertThat(message.get("instances").get(0).get("status").asText()).isEqualTo("Completed");

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(deliveryEventsTopic));
            DeliveryEventCodec codec = new DeliveryEventCodec();
            List<DeliveryEvent> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(codec.fromRecord(record));
                }
                return events.stream().anyMatch(event -> event instanceof ServiceInstanceDelivered
                        && event.instanceId().equals(instanceId));
            });
        }
    }

    @Test
    void the_same_message_id_twice_is_accepted_once_and_answered_with_the_first_answer() {
        String port = unique("dedup");
        feed.port(port, config(transport(TransportType.FILE, fileAddress(port), 3, null), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);
        Map<String, Object> message = Map.of("id", "m-" + port, "context", Map.of("Test.Case", port), "body", "x");

        ResponseEntity<String> first = publish("publisher", message);
        ResponseEntity<String> second = publish("publisher", message);

        assertThat(first.getStatusCode().value()).isEqualTo(202);
        assertThat(second.getStatusCode().value()).isEqualTo(200);
        assertThat(read(second.getBody())).isEqualTo(read(first.getBody()));
        assertThat(get("/api/messages/m-" + port).get("instances")).hasSize(1);
    }

    @Test
    void a_message_without_subscribers_is_refused_with_422_and_a_routing_failure_report_is_kept() {
        String id = unique("nobody");
        ResponseEntity<String> response = publish("publisher",
                Map.of("id", id, "context", Map.of("Test.Case", id), "body", "x"));

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(read(response.getBody()).get("code").asText()).isEqualTo("NO_SUBSCRIBERS");
        JsonNode failures = get("/api/routing-failures");
        assertThat(failures.get("items").findValuesAsText("messageId")).contains(id);
        assertThat(rest.withBasicAuth("viewer", "viewer").getForEntity("/api/messages/" + id, String.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void bad_input_is_a_400_and_only_publishers_publish() {
        ResponseEntity<String> badEncoding = publish("publisher",
                Map.of("context", Map.of(), "body", "x", "bodyEncoding", "latin-1"));
        ResponseEntity<String> badBase64 = publish("publisher",
                Map.of("context", Map.of(), "body", "***", "bodyEncoding", "base64"));
        ResponseEntity<String> noBody = publish("publisher", Map.of("context", Map.of()));
        ResponseEntity<String> viewer = publish("viewer", Map.of("context", Map.of(), "body", "x"));

        assertThat(badEncoding.getStatusCode().value()).isEqualTo(400);
        assertThat(read(badEncoding.getBody()).get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(badBase64.getStatusCode().value()).isEqualTo(400);
        assertThat(noBody.getStatusCode().value()).isEqualTo(400);
        assertThat(viewer.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void http_delivery_posts_with_the_instance_id_as_idempotency_key() {
        String port = unique("http");
        String path = "/" + port;
        feed.port(port, config(transport(TransportType.HTTP, sink.url(path), 3, null), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        JsonNode answer = publish(null, Map.of("Test.Case", port), "hello");
        String instanceId = answer.get("routes").get(0).get("instanceId").asText();

        await().atMost(Duration.ofSeconds(60)).until(() -> sink.received(path).size() == 1);
        assertThat(sink.received(path).get(0).idempotencyKey()).isEqualTo(instanceId);
        assertThat(sink.received(path).get(0).body()).isEqualTo("hello");
        awaitStatus(instanceId, "Completed");
    }

    @Test
    void the_trace_given_at_publish_reaches_the_http_destination_and_the_delivery_event() {
        String port = unique("traced");
        String path = "/" + port;
        feed.port(port, config(transport(TransportType.HTTP, sink.url(path), 3, null), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);
        String traceId = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 32);

        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        ResponseEntity<String> response = rest.withBasicAuth("publisher", "publisher").postForEntity("/api/messages",
                new HttpEntity<>(Map.of("context", Map.of("Test.Case", port), "body", "traced"), headers),
                String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        String instanceId = read(response.getBody()).get("routes").get(0).get("instanceId").asText();

        // delivered later by a worker thread, still in the publisher's trace
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.received(path).size() == 1);
        assertThat(sink.received(path).get(0).traceparent()).matches("00-" + traceId + "-[0-9a-f]{16}-01");

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(deliveryEventsTopic));
            List<ConsumerRecord<String, byte[]>> delivered = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (instanceId.equals(record.key()) && "portway.ServiceInstanceDelivered".equals(
                            header(record, "ce_type"))) {
                        delivered.add(record);
                    }
                }
                return !delivered.isEmpty();
            });
            assertThat(header(delivered.get(0), "traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01");
            assertThat(header(delivered.get(0), "ce_traceparent")).isEqualTo(header(delivered.get(0), "traceparent"));
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void kafka_delivery_produces_the_body_with_the_context_as_headers() {
        String port = unique("kafka");
        String topic = "out." + port;
        feed.port(port, config(transport(TransportType.KAFKA, "kafka://" + topic, 3, null), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        publish("m-" + port, Map.of("Test.Case", port), "to kafka");

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            assertThat(records.get(0).key()).isEqualTo("m-" + port);
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("to kafka");
            assertThat(new String(records.get(0).headers().lastHeader("ctx_Test.Case").value(),
                    StandardCharsets.UTF_8)).isEqualTo(port);
        }
    }

    @Test
    void a_failed_attempt_is_retried_after_the_retry_interval_until_it_succeeds() {
        String port = unique("retry");
        String path = "/" + port;
        sink.fail(path, 2);
        feed.port(port, config(transport(TransportType.HTTP, sink.url(path), 3, null), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        String instanceId = publish(null, Map.of("Test.Case", port), "retry me")
                .get("routes").get(0).get("instanceId").asText();

        awaitStatus(instanceId, "Completed");
        JsonNode instance = instance(instanceId);
        assertThat(instance.get("attempts").asInt()).isEqualTo(3);
        assertThat(instance.get("attemptLog").findValuesAsText("outcome"))
                .containsExactly("failed", "failed", "delivered");
        assertThat(sink.received(path)).hasSize(1);
    }

    @Test
    void after_the_primary_retries_the_backup_transport_delivers() {
        String port = unique("backup");
        String path = "/" + port;
        sink.fail(path, Integer.MAX_VALUE);
        feed.port(port, config(transport(TransportType.HTTP, sink.url(path), 1, null),
                transport(TransportType.FILE, fileAddress(port), 1, null), eq("Test.Case", port), false, false,
                SendPipeline.PassThruTransmit), ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        String instanceId = publish("m-" + port, Map.of("Test.Case", port), "via backup")
                .get("routes").get(0).get("instanceId").asText();

        awaitStatus(instanceId, "Completed");
        JsonNode instance = instance(instanceId);
        assertThat(instance.get("transport").asText()).isEqualTo("BACKUP");
        assertThat(instance.get("attempts").asInt()).isEqualTo(3);
        assertThat(out.resolve(port).resolve("m-" + port + ".xml")).hasContent("via backup");
    }

    @Test
    void exhausted_retries_suspend_and_a_resume_resubmits_with_lineage() {
        String port = unique("suspend");
        String path = "/" + port;
        sink.fail(path, Integer.MAX_VALUE);
        feed.port(port, config(transport(TransportType.HTTP, sink.url(path), 1, null), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        String failed = publish(null, Map.of("Test.Case", port), "later").get("routes").get(0).get("instanceId")
                .asText();
        awaitStatus(failed, "Suspended");
        assertThat(instance(failed).get("reason").asText()).isEqualTo("TRANSPORT_FAILED");
        sink.heal(path);

        ResponseEntity<String> resumed = operator("/api/service-instances/" + failed + "/resume", null);

        assertThat(resumed.getStatusCode().value()).isEqualTo(200);
        JsonNode replacement = read(resumed.getBody());
        assertThat(replacement.get("resubmittedFrom").asText()).isEqualTo(failed);
        assertThat(replacement.get("resubmissions").asInt()).isEqualTo(1);
        awaitStatus(replacement.get("id").asText(), "Completed");
        assertThat(instance(failed).get("status").asText()).isEqualTo("Terminated");
        assertThat(instance(failed).get("resubmittedTo").asText()).isEqualTo(replacement.get("id").asText());
        assertThat(sink.received(path)).hasSize(1);

        ResponseEntity<String> again = operator("/api/service-instances/" + failed + "/resume", null);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(read(again.getBody()).get("code").asText()).isEqualTo("INVALID_INSTANCE_STATE");
    }

    @Test
    void the_overview_counts_held_and_suspended_instances_per_port_and_deliveries_and_failures_per_minute() {
        String delivering = unique("ov-ok");
        String failing = unique("ov-fail");
        String stopped = unique("ov-held");
        sink.fail("/" + failing, Integer.MAX_VALUE);
        feed.port(delivering, config(transport(TransportType.HTTP, sink.url("/" + delivering), 1, null),
                eq("Test.Case", delivering)), ArtifactStatus.Started);
        feed.port(failing, config(transport(TransportType.HTTP, sink.url("/" + failing), 1, null),
                eq("Test.Case", failing)), ArtifactStatus.Started);
        feed.port(stopped, config(transport(TransportType.FILE, fileAddress(stopped), 3, null),
                eq("Test.Case", stopped)), ArtifactStatus.Stopped);
        awaitPort(delivering, ArtifactStatus.Started);
        awaitPort(failing, ArtifactStatus.Started);
        awaitPort(stopped, ArtifactStatus.Stopped);

        for (int i = 0; i < 3; i++) {
            awaitStatus(publish(null, Map.of("Test.Case", delivering), "ok " + i).get("routes").get(0)
                    .get("instanceId").asText(), "Completed");
        }
        awaitStatus(publish(null, Map.of("Test.Case", failing), "fails").get("routes").get(0).get("instanceId")
                .asText(), "Suspended");
        publish(null, Map.of("Test.Case", stopped), "held 1");
        publish(null, Map.of("Test.Case", stopped), "held 2");

        JsonNode waiting = get("/api/overview/held-and-suspended").get("items");
        List<String> rows = new ArrayList<>();
        waiting.forEach(row -> {
            if (row.get("sendPort").asText().startsWith("ov-")) {
                rows.add(row.get("sendPort").asText() + " " + row.get("status").asText() + " "
                        + row.get("reason").asText() + " " + row.get("count").asLong());
            }
        });
        assertThat(rows).contains(failing + " Suspended TRANSPORT_FAILED 1", stopped + " Suspended PORT_STOPPED 2")
                .noneMatch(row -> row.startsWith(delivering));

        JsonNode delivered = get("/api/overview/deliveries?sendPort=" + delivering);
        assertThat(delivered.get("minutes")).hasSize(60);
        assertThat(sum(delivered, "delivered")).isEqualTo(3);
        assertThat(sum(delivered, "failed")).isZero();
        List<Long> p99 = new ArrayList<>();
        delivered.get("minutes").forEach(minute -> {
            if (minute.get("delivered").asLong() > 0) {
                p99.add(minute.get("latencyP99Millis").asLong());
            }
        });
        assertThat(p99).isNotEmpty().allMatch(millis -> millis >= 0 && millis < 60_000);
        JsonNode failed = get("/api/overview/deliveries?minutes=5&sendPort=" + failing);
        assertThat(failed.get("minutes")).hasSize(5);
        assertThat(sum(failed, "failed")).isEqualTo(1);
        assertThat(sum(failed, "delivered")).isZero();
        assertThat(sum(get("/api/overview/deliveries?sendPort=" + stopped), "failed")).isZero();

        ResponseEntity<String> tooMany = rest.withBasicAuth("viewer", "viewer")
                .getForEntity("/api/overview/deliveries?minutes=0", String.class);
        assertThat(tooMany.getStatusCode().value()).isEqualTo(400);
        assertThat(read(tooMany.getBody()).get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(rest.getForEntity("/api/overview/deliveries", String.class).getStatusCode().value())
                .isEqualTo(401);
    }

    private static long sum(JsonNode deliveries, String field) {
        long total = 0;
        for (JsonNode minute : deliveries.get("minutes")) {
            total += minute.get(field).asLong();
        }
        return total;
    }

    @Test
    void a_held_instance_can_be_terminated_once() {
        String port = unique("terminate");
        feed.port(port, config(transport(TransportType.FILE, fileAddress(port), 3, null), eq("Test.Case", port)),
                ArtifactStatus.Stopped);
        awaitPort(port, ArtifactStatus.Stopped);
        JsonNode route = publish(null, Map.of("Test.Case", port), "x").get("routes").get(0);
        assertThat(route.get("status").asText()).isEqualTo("Suspended");
        String id = route.get("instanceId").asText();
        assertThat(instance(id).get("reason").asText()).isEqualTo("PORT_STOPPED");

        ResponseEntity<String> terminated = operator("/api/service-instances/" + id + "/terminate", null);
        ResponseEntity<String> again = operator("/api/service-instances/" + id + "/terminate", null);
        ResponseEntity<String> asViewer = rest.withBasicAuth("viewer", "viewer")
                .postForEntity("/api/service-instances/" + id + "/terminate", null, String.class);

        assertThat(terminated.getStatusCode().value()).isEqualTo(200);
        assertThat(read(terminated.getBody()).get("status").asText()).isEqualTo("Terminated");
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(asViewer.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void a_bulk_resume_delivers_held_instances_even_though_the_port_is_stopped() {
        String port = unique("bulk");
        feed.port(port, config(transport(TransportType.FILE, fileAddress(port), 3, null), eq("Test.Case", port)),
                ArtifactStatus.Stopped);
        awaitPort(port, ArtifactStatus.Stopped);
        for (int i = 0; i < 3; i++) {
            publish(port + "-" + i, Map.of("Test.Case", port), "held " + i);
        }

        ResponseEntity<String> result = operator("/api/service-instances/resume",
                Map.of("sendPort", port, "status", "Suspended", "errorCode", "PORT_STOPPED"));

        assertThat(result.getStatusCode().value()).isEqualTo(200);
        assertThat(read(result.getBody()).get("resumed").asInt()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Path file = out.resolve(port).resolve(port + "-" + i + ".xml");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
        }
        assertThat(routing.port(port).status()).isEqualTo(ArtifactStatus.Stopped);
    }

    @Test
    void held_instances_are_released_in_publish_order_when_the_port_and_then_the_group_start() {
        String port = unique("held");
        String path = "/" + port;
        // ordered delivery: the destination sees the release order only on an ordered port; on an unordered one
        // the workers' concurrent claims (SKIP LOCKED) may split the released batch and send it in parallel
        feed.port(port, config(transport(TransportType.HTTP, sink.url(path), 3, null), null, Filter.EMPTY, true,
                false, SendPipeline.PassThruTransmit), ArtifactStatus.Stopped);
        String group = unique("group");
        feed.group(group, eq("Test.Case", group), List.of(port), ArtifactStatus.Stopped);
        awaitPort(port, ArtifactStatus.Stopped);
        awaitGroup(group, ArtifactStatus.Stopped);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonNode route = publish(null, Map.of("Test.Case", group), "m" + i).get("routes").get(0);
            assertThat(route.get("via").asText()).isEqualTo("group:" + group);
            ids.add(route.get("instanceId").asText());
        }
        assertThat(instance(ids.get(0)).get("reason").asText()).isEqualTo("PORT_STOPPED");

        feed.startPort(port);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(instance(ids.get(0)).get("reason").asText()).isEqualTo("GROUP_STOPPED"));
        assertThat(sink.received(path)).isEmpty();

        feed.startGroup(group);
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.received(path).size() == 5);
        assertThat(sink.received(path).stream().map(HttpSink.Received::body))
                .containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void an_ordered_port_continues_after_a_failure_without_stop_sending_on_failure() {
        String port = unique("ordered-continue");
        String path = "/" + port;
        sink.failBody(path, "2");
        feed.port(port, config(transport(TransportType.HTTP, sink.url(path), 0, null), null, eq("Test.Case", port),
                true, false, SendPipeline.PassThruTransmit), ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ids.add(publish(null, Map.of("Test.Case", port), Integer.toString(i)).get("routes").get(0)
                    .get("instanceId").asText());
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> sink.received(path).size() == 3);
        assertThat(sink.received(path).stream().map(HttpSink.Received::body)).containsExactly("1", "3", "4");
        awaitStatus(ids.get(1), "SuspendedNotResumable");
    }

    @Test
    void an_ordered_port_with_stop_sending_on_failure_suspends_the_later_messages_until_resumed() {
        String port = unique("ordered-stop");
        String path = "/" + port;
        sink.failBody(path, "2");
        feed.port(port, config(transport(TransportType.HTTP, sink.url(path), 0, null), null, eq("Test.Case", port),
                true, true, SendPipeline.PassThruTransmit), ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ids.add(publish(null, Map.of("Test.Case", port), Integer.toString(i)).get("routes").get(0)
                    .get("instanceId").asText());
        }

        awaitStatus(ids.get(1), "Suspended");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(instance(ids.get(2)).get("status").asText()).isEqualTo("Suspended");
            assertThat(instance(ids.get(3)).get("status").asText()).isEqualTo("Suspended");
        });
        assertThat(sink.received(path).stream().map(HttpSink.Received::body)).containsExactly("1");
        assertThat(instance(ids.get(1)).get("reason").asText()).isEqualTo("TRANSPORT_FAILED");
        assertThat(instance(ids.get(2)).get("reason").asText()).isEqualTo("ORDERED_DELIVERY_STOPPED");

        sink.heal(path);
        ResponseEntity<String> resumed = operator("/api/service-instances/resume", Map.of("sendPort", port));

        assertThat(read(resumed.getBody()).get("resumed").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.received(path).size() == 4);
        assertThat(sink.received(path).stream().map(HttpSink.Received::body)).containsExactly("1", "2", "3", "4");
    }

    @Test
    void outside_its_service_window_an_instance_waits_as_scheduled() {
        String port = unique("window");
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        ServiceWindow closed = new ServiceWindow(now.plusHours(2).withSecond(0).withNano(0),
                now.plusHours(3).withSecond(0).withNano(0), null);
        feed.port(port, config(transport(TransportType.FILE, fileAddress(port), 3, closed), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        String id = publish(null, Map.of("Test.Case", port), "later").get("routes").get(0).get("instanceId").asText();

        awaitStatus(id, "Scheduled");
        assertThat(instance(id).get("dueAt").asText()).isNotBlank();
        assertThat(out.resolve(port)).doesNotExist();
    }

    @Test
    void an_xml_transmit_port_suspends_a_message_that_is_not_well_formed() {
        String port = unique("xml");
        feed.port(port, config(transport(TransportType.FILE, fileAddress(port), 3, null), null, eq("Test.Case", port),
                false, false, SendPipeline.XmlTransmit), ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        String bad = publish(null, Map.of("Test.Case", port), "<a><b></a>").get("routes").get(0)
                .get("instanceId").asText();

        awaitStatus(bad, "SuspendedNotResumable");
        assertThat(instance(bad).get("reason").asText()).isEqualTo("PIPELINE_FAILED");
    }

    @Test
    void messages_from_the_kafka_topic_are_routed_like_published_ones() {
        String port = unique("intake");
        feed.port(port, config(transport(TransportType.FILE, fileAddress(port), 3, null), eq("Test.Case", port)),
                ArtifactStatus.Started);
        awaitPort(port, ArtifactStatus.Started);

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PortwayTestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(messagesTopic, "k-" + port,
                    "from kafka".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ctx_Test.Case", port.getBytes(StandardCharsets.UTF_8));
            producer.send(record);
            producer.send(record);
        }

        Path file = out.resolve(port).resolve("k-" + port + ".xml");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
        assertThat(file).hasContent("from kafka");
        assertThat(get("/api/messages/k-" + port).get("instances")).hasSize(1);
    }

    @Test
    void a_two_way_port_publishes_the_response_as_a_new_message() {
        String request = unique("twoway");
        String path = "/" + request;
        String responses = unique("responses");
        feed.port(request, false, true, config(transport(TransportType.HTTP, sink.url(path), 3, null),
                eq("Test.Case", request)), ArtifactStatus.Started);
        feed.port(responses, config(transport(TransportType.FILE, fileAddress(responses), 3, null),
                eq("Portway.SendPortName", request)), ArtifactStatus.Started);
        awaitPort(request, ArtifactStatus.Started);
        awaitPort(responses, ArtifactStatus.Started);

        String instanceId = publish("req-" + request, Map.of("Test.Case", request), "question")
                .get("routes").get(0).get("instanceId").asText();

        awaitStatus(instanceId, "Completed");
        JsonNode response = get("/api/messages/" + instanceId + "-response");
        assertThat(response.get("context").get("Portway.ResponseTo").asText()).isEqualTo("req-" + request);
        assertThat(response.get("body").asText()).isEqualTo("ok");
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PortwayTestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
