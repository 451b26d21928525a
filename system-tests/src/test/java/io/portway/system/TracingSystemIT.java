package io.portway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.portway.stack.PortwayStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace across the services, as an operator's tracing backend would see it: the traceparent of a command reaches
 * its event's record on {@code portway.send-port-events}, and that of a published message reaches the HTTP
 * destination (delivered later by a worker of the delivery service) and the outcome's {@code portway.delivery-events}
 * record.
 */
@ExtendWith(SharedStack.class)
class TracingSystemIT {

    private static PortwayStack stack;
    private static HttpServer destination;
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.stack();
        destination = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        destination.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        destination.start();
    }

    @AfterAll
    static void stop() {
        destination.stop(0);
    }

    @Test
    void one_trace_goes_from_the_command_and_the_publisher_to_kafka_and_the_destination() throws Exception {
        String name = "Tracing.Http." + UUID.randomUUID().toString().substring(0, 8);
        String commandTrace = randomTraceId();
        String port = """
                {"name":"%s","application":"Tracing",
                 "primaryTransport":{"type":"HTTP","address":"http://127.0.0.1:%d/in","retryCount":1,"retryInterval":"PT1S"},
                 "filter":[[{"property":"Tracing.Port","operator":"==","value":"%s"}]]}"""
                .formatted(name, destination.getAddress().getPort(), name);
        assertThat(call("port-command-service", "admin", "/api/send-ports", port, commandTrace).statusCode())
                .isEqualTo(201);
        assertThat(call("port-command-service", "operator", "/api/send-ports/" + name + "/start", "", null)
                .statusCode()).isEqualTo(200);

        ConsumerRecord<String, byte[]> created = first("portway.send-port-events",
                record -> name.equals(record.key()) && "1".equals(header(record, "ce_sequence")));
        assertThat(header(created, "traceparent")).startsWith("00-" + commandTrace + "-");

        String messageTrace = randomTraceId();
        HttpResponse<String> published = call("delivery-service", "publisher", "/api/messages",
                "{\"context\":{\"Tracing.Port\":\"" + name + "\"},\"body\":\"<traced/>\"}", messageTrace);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        String instanceId = json.readTree(published.body()).get("routes").get(0).get("instanceId").asText();

        await().atMost(Duration.ofSeconds(60)).until(() -> !received.isEmpty());
        assertThat(received.get(0)).matches("00-" + messageTrace + "-[0-9a-f]{16}-01");
        ConsumerRecord<String, byte[]> delivered = first("portway.delivery-events", record ->
                instanceId.equals(record.key()) && "portway.ServiceInstanceDelivered".equals(header(record, "ce_type")));
        assertThat(header(delivered, "traceparent")).startsWith("00-" + messageTrace + "-");
        assertThat(header(delivered, "ce_traceparent")).isEqualTo(header(delivered, "traceparent"));
    }

    private HttpResponse<String> call(String service, String user, String path, String body, String traceId)
            throws Exception {
        URI base = stack.serviceUrl(service).orElseThrow();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceId != null) {
            request.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ConsumerRecord<String, byte[]> first(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "tracing-system-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String randomTraceId() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 32);
    }
}
