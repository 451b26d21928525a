package io.portway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.portway.delivery.routing.RoutingTable;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.messaging.CloudEventHeaders;
import io.portway.testsupport.PortwayTestInfrastructure;
import io.portway.testsupport.WithPortwayInfrastructure;
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
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

/**
 * docs/RULES.md §7 on real PostgreSQL and Kafka: a message that arrives after a change was acknowledged by Kafka (the
 * command service's 2xx) is routed by it, over REST and over Kafka, every time and without a retry loop; a routing
 * consumer held back answers 503 {@code ROUTING_NOT_CAUGHT_UP} and stores nothing; a record the intake cannot
 * accept is parked on the dead-letter topic and the next one is accepted; an event the routing table cannot apply
 * turns readiness DOWN naming it.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {
        // generous, so that no assertion depends on how fast a loaded machine applies an event; the 503 test waits it out
        "portway.delivery.routing-wait=PT10S",
        "portway.delivery.poll-interval=PT0.05S"})
@WithPortwayInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingConsistencyIT {

    private static final int REPEAT = 20;
    private static final String CASE = "Test.Case";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RoutingTable routing;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ConfigurableEnvironment environment;
    @Value("${portway.topics.send-port-events}")
    String sendPortEvents;
    @Value("${portway.topics.messages}")
    String messagesTopic;
    /** Where the ports write; kept to the end (deliveries go on after a test's assertions). */
    private Path out;

    private final ObjectMapper json = new ObjectMapper();
    private EventFeed feed;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() throws IOException {
        out = Files.createTempDirectory("routing-consistency-it");
        feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(), sendPortEvents);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PortwayTestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterAll
    void stop() {
        feed.close();
        producer.close();
        FileSystemUtils.deleteRecursively(out.toFile());
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void a_message_published_right_after_a_start_stop_group_start_or_new_member_is_routed_by_it_every_time() {
        String port = unique("direct");
        String member = unique("member");
        String group = unique("group");
        feed.port(port, config(port, eq(CASE, port)), ArtifactStatus.Started);
        feed.port(member, config(member, eq(CASE, "none")), ArtifactStatus.Started);
        feed.group(group, eq(CASE, group), List.of(member), ArtifactStatus.Started);

        for (int i = 0; i < REPEAT; i++) {
            feed.stopPort(port);
            assertThat(routeOf(publish(port), port)).as("after stop, round " + i).isEqualTo("Suspended");
            feed.startPort(port);
            assertThat(routeOf(publish(port), port)).as("after start, round " + i).isEqualTo("ReadyToRun");

            feed.stopGroup(group);
            assertThat(routeOf(publish(group), member)).as("after group stop, round " + i).isEqualTo("Suspended");
            feed.startGroup(group);
            assertThat(routeOf(publish(group), member)).as("after group start, round " + i).isEqualTo("ReadyToRun");

            String newcomer = member + "-" + i;
            feed.port(newcomer, config(newcomer, eq(CASE, "none")), ArtifactStatus.Started);
            feed.publish(new SendPortAddedToGroup(group, newcomer));
            assertThat(routeOf(publish(group), newcomer)).as("after membership change, round " + i)
                    .isEqualTo("ReadyToRun");
        }
    }

    @Test
    @Order(2)
    void a_message_from_kafka_right_after_a_stop_or_start_is_routed_by_it_every_time() {
        String port = unique("kafka");
        feed.port(port, config(port, eq(CASE, port)), ArtifactStatus.Started);

        for (int i = 0; i < REPEAT / 2; i++) {
            feed.stopPort(port);
            String held = produce(port);
            assertThat(awaitInstance(held).get("reason").asText()).as("after stop, round " + i)
                    .isEqualTo("PORT_STOPPED");

            feed.startPort(port);
            String routed = produce(port);
            assertThat(awaitInstance(routed).get("status").asText()).as("after start, round " + i)
                    .doesNotStartWith("Suspended");
        }
    }

    @Test
    @Order(3)
    void a_routing_table_held_back_answers_503_with_retry_after_and_stores_nothing_then_routes_by_the_change() {
        String port = unique("held-back");
        feed.port(port, config(port, eq(CASE, port)), ArtifactStatus.Stopped);
        awaitPort(port, ArtifactStatus.Stopped);
        MessageListenerContainer routingConsumer = listeners.getListenerContainer("delivery-routing-table");
        routingConsumer.pause();
        try {
            await().atMost(Duration.ofSeconds(30)).until(routingConsumer::isContainerPaused);
            feed.startPort(port);
            String fromKafka = produce(port);
            String id = "m-" + UUID.randomUUID();

            Instant sent = Instant.now();
            ResponseEntity<String> refused = post(id, port);

            assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(refused.getStatusCode().value()).isEqualTo(503);
            assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(read(refused.getBody()).get("code").asText()).isEqualTo("ROUTING_NOT_CAUGHT_UP");
            assertThat(get("/api/messages/" + id).getStatusCode().value()).isEqualTo(404);
            assertThat(read(get("/api/routing-failures").getBody()).findValuesAsText("messageId")).doesNotContain(id);
            // the message from Kafka waits too: not stored, not committed
            assertThat(get("/api/messages/" + fromKafka).getStatusCode().value()).isEqualTo(404);

            routingConsumer.resume();

            ResponseEntity<String> again = post(id, port);
            assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(202);
            assertThat(routeOf(read(again.getBody()), port)).isEqualTo("ReadyToRun");
            assertThat(awaitInstance(fromKafka).get("status").asText()).as("routed by the start")
                    .doesNotStartWith("Suspended");
        } finally {
            routingConsumer.resume();
        }
    }

    @Test
    @Order(4)
    void a_record_the_intake_cannot_accept_is_parked_on_the_dead_letter_topic_with_its_reason_and_the_next_is_accepted() {
        String port = unique("poison");
        feed.port(port, config(port, eq(CASE, port)), ArtifactStatus.Started);
        String nul = "poison-nul-" + UUID.randomUUID();
        String latin1 = "poison-latin1-" + UUID.randomUUID();
        String longKey = "poison-long-" + "x".repeat(300);
        send(record(nul, Map.of(CASE, port, "Note", "a\u0000b")));
        ProducerRecord<String, byte[]> notUtf8 = record(latin1, Map.of(CASE, port));
        notUtf8.headers().add("ctx_Note", new byte[]{'c', 'a', 'f', (byte) 0xe9});
        send(notUtf8);
        send(record(longKey, Map.of(CASE, port)));
        String good = produce(port);

        assertThat(awaitInstance(good).get("status").asText()).doesNotStartWith("Suspended");
        Map<String, ConsumerRecord<String, byte[]>> parked = deadLetters(List.of(nul, latin1, longKey));
        assertThat(header(parked.get(latin1), "portway-dlt-reason")).isEqualTo("VALIDATION_FAILED");
        assertThat(header(parked.get(latin1), "portway-dlt-detail")).contains("ctx_Note").contains("UTF-8");
        assertThat(header(parked.get(latin1), "kafka_dlt-original-topic")).isEqualTo(messagesTopic);
        assertThat(new String(parked.get(latin1).value(), StandardCharsets.UTF_8)).isEqualTo("<order/>");
        // refused by the intake's limits (VALIDATION_FAILED) or, where a limit is missing, by the database
        assertThat(header(parked.get(nul), "portway-dlt-reason")).isIn("VALIDATION_FAILED", "UNSTORABLE");
        assertThat(header(parked.get(longKey), "portway-dlt-reason")).isIn("VALIDATION_FAILED", "UNSTORABLE");
        assertThat(header(parked.get(nul), "portway-dlt-detail")).isNotBlank();
        for (String refused : List.of(nul, latin1)) {
            assertThat(get("/api/messages/" + refused).getStatusCode().value()).isEqualTo(404);
        }
    }

    @Test
    @Order(5)
    void a_port_whose_configuration_holds_any_character_is_stored_and_routed() {
        String port = unique("nul");
        SendPortConfiguration withNul = new SendPortConfiguration("line\u0000feed \u0001\u007f", "Default",
                fileTransport(port), null, SendPipeline.PassThruTransmit, eq(CASE, port), 5, false, false, false,
                Tracking.NONE);
        feed.port(port, withNul, ArtifactStatus.Started);

        assertThat(routeOf(publish(port), port)).isEqualTo("ReadyToRun");
        assertThat(routing.port(port).configuration().description()).isEqualTo("line\u0000feed \u0001\u007f");
    }

    /**
     * Two instances of the service share the routing topic's partitions; each one's answers follow every change
     * right away, also the changes the other instance applied to the stored table.
     */
    @Test
    @Order(6)
    void with_two_instances_each_routes_by_changes_the_other_applied() {
        Map<String, Object> shared = new HashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> properties) {
                for (String name : properties.getPropertyNames()) {
                    if (name.startsWith("spring.datasource.") || name.startsWith("spring.kafka.")
                            || name.startsWith("portway.")) {
                        shared.putIfAbsent(name, environment.getProperty(name));
                    }
                }
            }
        }
        shared.put("server.port", "0");
        shared.put("portway.delivery.routing-wait", "PT10S");
        String[] arguments = shared.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(DeliveryApplication.class)
                .run(arguments)) {
            MessageListenerContainer mine = listeners.getListenerContainer("delivery-routing-table");
            MessageListenerContainer theirs = second.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("delivery-routing-table");
            await().atMost(Duration.ofSeconds(60)).until(() -> assigned(mine) > 0 && assigned(theirs) > 0
                    && assigned(mine) + assigned(theirs) == 3);
            TestRestTemplate other = new TestRestTemplate(new RestTemplateBuilder()
                    .rootUri("http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port")));
            List<String> ports = List.of(unique("pair"), unique("pair"), unique("pair"), unique("pair"));
            ports.forEach(port -> feed.port(port, config(port, eq(CASE, port)), ArtifactStatus.Started));

            for (int i = 0; i < REPEAT / 4; i++) {
                for (String port : ports) {
                    feed.stopPort(port);
                    assertThat(routeOf(publish(other, port), port)).as("second, after stop").isEqualTo("Suspended");
                    assertThat(routeOf(publish(rest, port), port)).as("first, after stop").isEqualTo("Suspended");
                    feed.startPort(port);
                    assertThat(routeOf(publish(other, port), port)).as("second, after start").isEqualTo("ReadyToRun");
                    assertThat(routeOf(publish(rest, port), port)).as("first, after start").isEqualTo("ReadyToRun");
                }
            }
        }
    }

    private static int assigned(MessageListenerContainer container) {
        return container.getAssignedPartitions() == null ? 0 : container.getAssignedPartitions().size();
    }

    /** Last: it leaves one partition of the routing topic standing still before the poison event. */
    @Test
    @Order(99)
    void an_event_the_routing_table_cannot_apply_turns_readiness_down_naming_it_and_the_other_partitions_go_on() {
        String poison = unique("poison-event");
        String artifactId = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> event = new ProducerRecord<>(sendPortEvents, poison,
                "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        event.headers().add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"))
                .add(CloudEventHeaders.ID, bytes(UUID.randomUUID().toString()))
                .add(CloudEventHeaders.TYPE, bytes("portway.SendPortTeleported"))
                .add(CloudEventHeaders.SUBJECT, bytes(poison))
                .add(CloudEventHeaders.ARTIFACT_ID, bytes(artifactId))
                .add(CloudEventHeaders.SEQUENCE, bytes("1"))
                .add(CloudEventHeaders.POSITION, bytes("1"))
                .add(CloudEventHeaders.TIME, bytes(Instant.now().toString()));
        send(event);
        String healthy = unique("after-poison");
        while (partition(healthy) == partition(poison)) {
            healthy = unique("after-poison");
        }
        feed.port(healthy, config(healthy, eq(CASE, healthy)), ArtifactStatus.Started);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ResponseEntity<String> readiness = rest.getForEntity("/actuator/health/readiness", String.class);
            assertThat(readiness.getStatusCode().value()).isEqualTo(503);
            JsonNode halted = read(readiness.getBody())
                    .at("/components/consumers/details/halted/delivery-routing-table/" + artifactId);
            assertThat(halted.get("artifactId").asText()).isEqualTo(artifactId);
            assertThat(halted.get("name").asText()).isEqualTo(poison);
            assertThat(halted.get("sequence").asText()).isEqualTo("1");
            assertThat(halted.get("reason").asText()).contains("SendPortTeleported");
        });
        assertThat(meters.get("portway.consumer.failures").tag("consumer", "delivery-routing-table").counter().count())
                .isEqualTo(1);
        awaitPort(healthy, ArtifactStatus.Started);
        // nothing after the poison event on its partition is known: a publish cannot be promised read-your-writes
        assertThat(post("m-" + UUID.randomUUID(), healthy).getStatusCode().value()).isEqualTo(503);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 3;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static Filter eq(String property, String value) {
        return new Filter(List.of(List.of(new FilterStatement(property, FilterOperator.EQUALS, value))));
    }

    private Transport fileTransport(String port) {
        String address = out.resolve(port).toUri().toString().replaceAll("/?$", "/") + "%MessageID%.xml";
        return new Transport(TransportType.FILE, address, Map.of(), 3, Duration.ofMillis(200), null);
    }

    private SendPortConfiguration config(String port, Filter filter) {
        return new SendPortConfiguration("", "Default", fileTransport(port), null, SendPipeline.PassThruTransmit,
                filter, 5, false, false, false, Tracking.NONE);
    }

    private void awaitPort(String name, ArtifactStatus status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> routing.port(name) != null
                && routing.port(name).status() == status);
    }

    private ResponseEntity<String> post(String id, String caseValue) {
        return post(rest, id, caseValue);
    }

    private ResponseEntity<String> post(TestRestTemplate service, String id, String caseValue) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        Map<String, Object> message = Map.of("id", id, "context", Map.of(CASE, caseValue), "body", "<order/>");
        return service.withBasicAuth("publisher", "publisher").postForEntity("/api/messages",
                new HttpEntity<>(message, headers), String.class);
    }

    /** Publishes once over REST, no retry: the answer must already be routed by every change made before. */
    private JsonNode publish(String caseValue) {
        return publish(rest, caseValue);
    }

    private JsonNode publish(TestRestTemplate service, String caseValue) {
        ResponseEntity<String> response = post(service, "m-" + UUID.randomUUID(), caseValue);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return read(response.getBody());
    }

    private static String routeOf(JsonNode answer, String port) {
        for (JsonNode route : answer.get("routes")) {
            if (route.get("sendPort").asText().equals(port)) {
                return route.get("status").asText();
            }
        }
        return "no route to " + port + " in " + answer;
    }

    private ProducerRecord<String, byte[]> record(String key, Map<String, String> context) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(messagesTopic, key, bytes("<order/>"));
        context.forEach((name, value) -> record.headers().add("ctx_" + name, bytes(value)));
        return record;
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes once over Kafka (acknowledged) and answers the message id. */
    private String produce(String caseValue) {
        String id = "k-" + UUID.randomUUID();
        send(record(id, Map.of(CASE, caseValue)));
        return id;
    }

    /** The message's only service instance, once the intake stored it. */
    private JsonNode awaitInstance(String messageId) {
        List<JsonNode> instance = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ResponseEntity<String> message = get("/api/messages/" + messageId);
            assertThat(message.getStatusCode().value()).isEqualTo(200);
            JsonNode instances = read(message.getBody()).get("instances");
            assertThat(instances).hasSize(1);
            instance.add(instances.get(0));
        });
        return instance.get(instance.size() - 1);
    }

    private Map<String, ConsumerRecord<String, byte[]>> deadLetters(List<String> keys) {
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PortwayTestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(messagesTopic + ".dlt"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> found.put(record.key(), record));
                return found.keySet().containsAll(keys);
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        return record.headers().lastHeader(key) == null ? null
                : new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private ResponseEntity<String> get(String path) {
        return rest.withBasicAuth("viewer", "viewer").getForEntity(path, String.class);
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
