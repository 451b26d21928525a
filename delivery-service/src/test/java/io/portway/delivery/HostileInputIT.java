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
import io.portway.events.Tracking;
import io.portway.testsupport.PortwayTestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/RULES.md §8 through the real service (PostgreSQL, Kafka, HTTP): a dynamic address outside the allowed roots,
 * hosts or topics ends its instance {@code SuspendedNotResumable}, reason {@code ADDRESS_NOT_ALLOWED}, with nothing
 * written or sent; a message over the limits is refused and nothing is stored. Same configuration as
 * {@link DeliveryServiceIT}, so the Spring context is shared (tests allow the temp dir and loopback:
 * src/test/resources/config/application.yml).
 */
@DeliveryIT
class HostileInputIT {

    @LocalServerPort
    int port;
    @Autowired
    RoutingTable routing;
    @Value("${portway.topics.send-port-events}")
    String sendPortEvents;
    @Value("${portway.topics.messages}")
    String messagesTopic;
    @TempDir
    Path out;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private EventFeed feed;
    private HttpSink sink;
    private String dynamicPort;

    @BeforeAll
    void start() throws Exception {
        feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(), sendPortEvents);
        sink = new HttpSink();
        dynamicPort = "dynamic-" + UUID.randomUUID().toString().substring(0, 8);
        Filter filter = new Filter(List.of(List.of(
                new FilterStatement("Test.Case", FilterOperator.EQUALS, dynamicPort))));
        feed.port(dynamicPort, true, false, new SendPortConfiguration("", "Default", null, null,
                SendPipeline.PassThruTransmit, filter, 5, false, false, false, Tracking.NONE), ArtifactStatus.Started);
        await().atMost(Duration.ofSeconds(60)).until(() -> routing.port(dynamicPort) != null
                && routing.port(dynamicPort).status() == ArtifactStatus.Started);
    }

    @AfterAll
    void stop() {
        feed.close();
        sink.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, false);
    }

    /** With {@code expectContinue} the body is sent only once the service asks for it (it refuses a huge one first). */
    private HttpResponse<String> post(String path, String body, boolean expectContinue) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .expectContinue(expectContinue)
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:admin".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:admin".getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode publishTo(String address) throws Exception {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("context", Map.of("Test.Case", dynamicPort, "Portway.OutboundAddress", address));
        message.put("body", "<secret/>");
        HttpResponse<String> answer = post("/api/messages", json.writeValueAsString(message));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return json.readTree(answer.body()).get("routes").get(0);
    }

    private JsonNode awaitEnd(JsonNode route) {
        String id = route.get("instanceId").asText();
        JsonNode[] instance = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            instance[0] = json.readTree(get("/api/service-instances/" + id).body());
            assertThat(instance[0].get("status").asText()).isIn("SuspendedNotResumable", "Completed", "Suspended");
        });
        return instance[0];
    }

    /**
     * A directory outside the test's allowed roots (the temporary directory): the module's target directory, or,
     * when the clone itself lies below the temporary directory, the user's home.
     */
    private static Path outsideEveryAllowedRoot() {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Path target = Path.of("target").toAbsolutePath().normalize();
        return target.startsWith(temporary) ? Path.of(System.getProperty("user.home")).toAbsolutePath() : target;
    }

    private void assertRefused(JsonNode instance) {
        assertThat(instance.get("status").asText()).as(instance.toString()).isEqualTo("SuspendedNotResumable");
        assertThat(instance.get("reason").asText()).isEqualTo("ADDRESS_NOT_ALLOWED");
    }

    @Test
    void a_dynamic_file_address_outside_the_roots_writes_nothing() throws Exception {
        Path escape = outsideEveryAllowedRoot().resolve("escape-" + UUID.randomUUID());

        assertRefused(awaitEnd(publishTo(escape.toUri() + "%MessageID%.xml")));
        assertRefused(awaitEnd(publishTo(out.toUri() + "../../" + escape.toString().substring(1) + "/x.xml")));

        assertThat(escape).doesNotExist();
    }

    @Test
    void a_dynamic_file_address_through_a_symbolic_link_out_of_the_root_writes_nothing() throws Exception {
        Path escape = Files.createDirectories(Path.of("target", "escape-" + UUID.randomUUID()).toAbsolutePath());
        Files.createSymbolicLink(out.resolve("link"), escape);

        assertRefused(awaitEnd(publishTo(out.resolve("link").toUri() + "x.xml")));

        assertThat(Files.list(escape)).isEmpty();
    }

    @Test
    void a_dynamic_http_address_at_an_unspecified_or_link_local_host_sends_nothing() throws Exception {
        String path = "/" + dynamicPort + "-zero";
        String zero = sink.url(path).replace("127.0.0.1", "0.0.0.0");

        assertRefused(awaitEnd(publishTo(zero)));
        assertRefused(awaitEnd(publishTo("http://169.254.169.254/latest/meta-data/")));

        assertThat(sink.received(path)).isEmpty();
        JsonNode allowed = awaitEnd(publishTo(sink.url(path)));
        assertThat(allowed.get("status").asText()).as("loopback is allowed in the tests").isEqualTo("Completed");
    }

    @Test
    void a_dynamic_kafka_address_at_portways_own_topics_produces_nothing() throws Exception {
        assertRefused(awaitEnd(publishTo("kafka://" + messagesTopic)));
        assertRefused(awaitEnd(publishTo("kafka://portway.send-port-events")));
    }

    @Test
    void a_body_over_the_limit_is_413_and_nothing_is_stored() throws Exception {
        String id = "big-" + UUID.randomUUID();
        byte[] body = new byte[4 * 1024 * 1024 + 1];
        HttpResponse<String> base64 = post("/api/messages", json.writeValueAsString(Map.of("id", id,
                "context", Map.of("Test.Case", dynamicPort), "body", Base64.getEncoder().encodeToString(body),
                "bodyEncoding", "base64")));
        assertThat(base64.statusCode()).as(base64.body()).isEqualTo(413);
        assertThat(json.readTree(base64.body()).get("code").asText()).isEqualTo("MESSAGE_TOO_LARGE");

        // a request that declares a 1 GB body is answered before any of it is read
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(
                    StandardCharsets.UTF_8)) + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n"
                    + "\r\n{\"id\": \"" + id + "\"").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            StringBuilder answer = new StringBuilder();
            for (int b = 0; b >= 0 && !answer.toString().contains("MESSAGE_TOO_LARGE"); ) {
                b = socket.getInputStream().read();
                answer.append((char) b);
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("MESSAGE_TOO_LARGE");
        }
        assertThat(get("/api/messages/" + id).statusCode()).isEqualTo(404);
    }

    /** Tomcat refuses these before Spring sees them; its error report valve answers problem+json all the same. */
    @Test
    void headers_over_tomcats_limit_are_400_problem_json() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api/messages/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                    + "p".repeat(64 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            StringBuilder answer = new StringBuilder();
            for (int b = 0; b >= 0 && !(answer.indexOf("\r\n\r\n") > 0 && answer.toString().endsWith("}")); ) {
                b = socket.getInputStream().read();
                answer.append((char) b);
            }
            String text = answer.toString();
            assertThat(text).startsWith("HTTP/1.1 400")
                    .containsIgnoringCase("content-type: application/problem+json");
            String body = text.substring(text.indexOf("\r\n\r\n") + 4);
            JsonNode problem = json.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1));
            assertThat(problem.get("code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(problem.get("detail").asText()).isEqualTo("the request was refused before it reached the "
                    + "service: its URL or headers are malformed or not allowed (e.g. encoded control characters or "
                    + "slashes)");
        }
    }

    @Test
    void a_context_over_the_limits_is_400_naming_the_field_and_nothing_is_stored() throws Exception {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            many.put("P" + i, "v");
        }
        Map<String, Map<String, String>> cases = Map.of(
                "context", many,
                "context.Big", Map.of("Big", "v".repeat(4097)),
                "context.Ctl", Map.of("Ctl", "line\nbreak"),
                "context.Bad?name", Map.of("Bad\u0000name", "v"));
        for (Map.Entry<String, Map<String, String>> refused : cases.entrySet()) {
            String id = "limits-" + UUID.randomUUID();
            Map<String, String> context = new HashMap<>(refused.getValue());
            context.put("Test.Case", dynamicPort);
            HttpResponse<String> answer = post("/api/messages", json.writeValueAsString(Map.of("id", id,
                    "context", context, "body", "x")));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            JsonNode problem = json.readTree(answer.body());
            assertThat(problem.get("code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(problem.get("errors").findValuesAsText("field")).contains(refused.getKey());
            assertThat(get("/api/messages/" + id).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void a_kafka_record_over_the_limits_is_not_stored_and_the_intake_goes_on() throws Exception {
        String bad = "kafka-bad-" + UUID.randomUUID();
        String good = "kafka-good-" + UUID.randomUUID();
        Path goodFile = out.resolve(good + ".xml");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PortwayTestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> refused = new ProducerRecord<>(messagesTopic, 0, bad, new byte[]{1});
            refused.headers().add("ctx_Test.Case", dynamicPort.getBytes(StandardCharsets.UTF_8));
            refused.headers().add("ctx_Evil", "a\u0000b".getBytes(StandardCharsets.UTF_8));
            producer.send(refused);
            ProducerRecord<String, byte[]> accepted = new ProducerRecord<>(messagesTopic, 0, good, new byte[]{2});
            accepted.headers().add("ctx_Test.Case", dynamicPort.getBytes(StandardCharsets.UTF_8));
            accepted.headers().add("ctx_Portway.OutboundAddress", goodFile.toUri().toString()
                    .getBytes(StandardCharsets.UTF_8));
            producer.send(accepted);
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(goodFile));
        assertThat(get("/api/messages/" + bad).statusCode()).isEqualTo(404);
    }
}
