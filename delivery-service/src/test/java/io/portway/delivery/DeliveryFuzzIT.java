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
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.testsupport.PortwayTestInfrastructure;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.engine.SourceOfRandomness;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10's fuzz test of the delivery service: bounded, seeded random input (jqwik generators) to every public
 * endpoint — random JSON, wrong types, huge and tiny numbers, control characters, long strings, deep nesting — and
 * to the Kafka intake. Every answer is 2xx, or 4xx problem+json with a code; afterwards the service is ready and no
 * thread keeps a CPU busy. Same configuration as {@link DeliveryServiceIT}, so the Spring context is shared. Bulk
 * actions are aimed at a port of its own, so the shared database's other instances are left alone.
 */
@DeliveryIT
class DeliveryFuzzIT {

    static final long SEED = Long.getLong("portway.fuzz.seed", 20261201L);
    static final int REQUESTS = Integer.getInteger("portway.fuzz.requests", 400);
    static final String FUZZ_PORT = "fuzz-only";
    static final String TOTAL = "Fuzz.Total";
    static final String DYNAMIC = "Fuzz.Dynamic";

    @LocalServerPort
    int port;
    @Value("${portway.topics.messages}")
    String messagesTopic;
    @Value("${portway.topics.send-port-events}")
    String sendPortEvents;
    @Autowired
    RoutingTable routing;
    @TempDir
    static Path out;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    // ---------------------------------------------------------------------------------------------- generators

    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(10),
                Arbitraries.strings().alpha().numeric().withChars('.', '-', '%', '/', '\\', ':').ofMaxLength(300),
                Arbitraries.of("", " ", "../../etc/passwd", "%MessageID%", "file:///etc/cron.d/x",
                        "http://169.254.169.254/", "kafka://portway.messages", "base64", "utf-8", "\u202e", "\ud800"),
                Arbitraries.integers().between(256, 20_000).map("x"::repeat));
    }

    static Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.bigDecimals().ofScale(30).map(Object::toString),
                Arbitraries.of("1e999999999", "-1e-999999999", "1E+2147483648", "0.000000000000000000000000001",
                        "9".repeat(1500), "-0", "1e400", "NaN", "Infinity"));
    }

    /** A JSON text: leaves, arrays and objects up to a few levels, plus very deep nesting on its own. */
    Arbitrary<String> jsonText() {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false"),
                number().filter(n -> !n.equals("NaN") && !n.equals("Infinity")),
                text().map(this::quoted));
        Arbitrary<String> nested = Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(5).map(items -> "[" + String.join(",", items) + "]"),
                Combinators.combine(text().map(this::quoted), inner).as((k, v) -> k + ":" + v)
                        .list().ofMaxSize(5).map(fields -> "{" + String.join(",", fields) + "}")), 0, 4);
        Arbitrary<String> deep = Arbitraries.integers().between(50, 5000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, nested),
                net.jqwik.api.Tuple.of(1, deep),
                net.jqwik.api.Tuple.of(1, nested.map(s -> s.substring(0, s.length() / 2))));
    }

    /** Something like a publish: each field right-typed, wrong-typed or missing, sometimes an unknown one. */
    Arbitrary<String> message() {
        Arbitrary<String> any = jsonText();
        Arbitrary<String> name = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, text()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(TOTAL, DYNAMIC, "Portway.OutboundAddress",
                        "Portway.OutboundTransportType", "Portway.SendPort")));
        Arbitrary<String> value = Arbitraries.oneOf(text(), number(), Arbitraries.of("FILE", "HTTP", "KAFKA",
                FUZZ_PORT, "file:///etc/cron.d/fuzz", "http://169.254.169.254/", "http://127.0.0.1:1/x",
                "kafka://portway.messages", "file:" + out + "/%MessageID%.xml"));
        Arbitrary<String> context = Arbitraries.maps(name, value).ofMaxSize(120).map(this::toJson);
        Arbitrary<String> plausible = Combinators.combine(
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40),
                Arbitraries.maps(Arbitraries.of(TOTAL, DYNAMIC, "Portway.OutboundAddress", "Orders.Country"), value)
                        .ofMinSize(1).ofMaxSize(4),
                Arbitraries.strings().ofMaxLength(200)).as((id, ctx, text) -> toJson(Map.of("id", "fuzz-" + id,
                "context", ctx, "body", text)));
        Arbitrary<String> body = Arbitraries.oneOf(text(), Arbitraries.bytes().array(byte[].class).ofMaxSize(3000)
                .map(bytes -> Base64.getEncoder().encodeToString(bytes))).map(this::quoted);
        return Arbitraries.oneOf(plausible, Combinators.combine(
                field("id", text().map(this::quoted), any),
                field("context", context, any),
                field("body", body, any),
                field("bodyEncoding", Arbitraries.of("utf-8", "base64", "UTF8", "latin-1").map(this::quoted), any),
                field("contentType", text().map(this::quoted), any),
                field("extra", any, any)).as((a, b, c, d, e, f) -> "{" + String.join(",",
                        java.util.stream.Stream.of(a, b, c, d, e, f).filter(s -> !s.isEmpty()).toList()) + "}"));
    }

    Arbitrary<String> field(String name, Arbitrary<String> right, Arbitrary<String> wrong) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, right.map(v -> quoted(name) + ":" + v)),
                net.jqwik.api.Tuple.of(2, wrong.map(v -> quoted(name) + ":" + v)),
                net.jqwik.api.Tuple.of(name.equals("extra") ? 8 : 2, Arbitraries.just("")));
    }

    /** A bulk filter, always for this test's own port. */
    Arbitrary<String> bulkFilter() {
        Arbitrary<String> any = jsonText();
        return Combinators.combine(
                field("status", text().map(this::quoted), any),
                field("errorCode", text().map(this::quoted), any),
                field("from", text().map(this::quoted), any),
                field("to", number(), any),
                field("ids", text().list().ofMaxSize(1100).map(this::toJson), any)).as((a, b, c, d, e) ->
                "{\"sendPort\":\"" + FUZZ_PORT + "\"" + java.util.stream.Stream.of(a, b, c, d, e)
                        .filter(s -> !s.isEmpty()).map(s -> "," + s).reduce("", String::concat) + "}");
    }

    record Call(String method, String path, String body, String contentType) {
    }

    Arbitrary<Call> calls() {
        Function<String, String> q = s -> URLEncoder.encode(s, StandardCharsets.UTF_8);
        Arbitrary<String> id = Arbitraries.oneOf(text(), Arbitraries.create(() -> UUID.randomUUID().toString()));
        Arbitrary<String> action = Arbitraries.of("resume", "suspend", "terminate", "nonsense");
        Arbitrary<String> contentType = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(8, "application/json"), net.jqwik.api.Tuple.of(1, "text/plain"),
                net.jqwik.api.Tuple.of(1, "application/json; charset=latin1"));
        return Arbitraries.oneOf(
                Combinators.combine(message(), contentType).as((b, c) -> new Call("POST", "/api/messages", b, c)),
                Combinators.combine(jsonText(), contentType).as((b, c) -> new Call("POST", "/api/messages", b, c)),
                Combinators.combine(message(), text(), text()).as((b, limit, asOf) -> new Call("POST",
                        "/api/messages/explain?limit=" + q.apply(limit) + "&asOf=" + q.apply(asOf), b,
                        "application/json")),
                id.map(i -> new Call("GET", "/api/messages/" + q.apply(i), null, null)),
                Combinators.combine(text(), text(), text(), number()).as((status, from, to, limit) -> new Call("GET",
                        "/api/service-instances?sendPort=" + q.apply(FUZZ_PORT) + "&status=" + q.apply(status)
                                + "&from=" + q.apply(from) + "&to=" + q.apply(to) + "&limit=" + q.apply(limit),
                        null, null)),
                id.map(i -> new Call("GET", "/api/service-instances/" + q.apply(i), null, null)),
                Combinators.combine(id, action).as((i, a) -> new Call("POST",
                        "/api/service-instances/" + q.apply(i) + "/" + a, "", "application/json")),
                Combinators.combine(Arbitraries.of("resume", "terminate"), bulkFilter()).as((a, b) ->
                        new Call("POST", "/api/service-instances/" + a, b, "application/json")),
                Combinators.combine(text(), number()).as((cursor, limit) -> new Call("GET",
                        "/api/routing-failures?cursor=" + q.apply(cursor) + "&limit=" + q.apply(limit), null, null)),
                Combinators.combine(Arbitraries.of("PUT", "DELETE", "PATCH"), jsonText()).as((m, b) ->
                        new Call(m, "/api/messages", b, "application/json")));
    }

    // ------------------------------------------------------------------------------------------------- tests

    /**
     * Two ports the random messages can reach: a static one whose filter compares {@value #TOTAL} as a number (so
     * values such as {@code 1e999999999} are compared), and a dynamic one for random outbound addresses.
     */
    @BeforeEach
    void ports() {
        if (routing.port(FUZZ_PORT) != null) {
            return;
        }
        try (EventFeed feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(), sendPortEvents)) {
            Filter compares = new Filter(List.of(
                    List.of(new FilterStatement(TOTAL, FilterOperator.GREATER_THAN, "100")),
                    List.of(new FilterStatement(TOTAL, FilterOperator.EQUALS, "1e5"))));
            feed.port(FUZZ_PORT, new SendPortConfiguration("", "Default", new Transport(TransportType.FILE,
                    out.toUri() + "%MessageID%.xml", Map.of(), 0, Duration.ZERO, null), null,
                    SendPipeline.PassThruTransmit, compares, 5, false, false, false, Tracking.NONE),
                    ArtifactStatus.Started);
            feed.port(FUZZ_PORT + "-dynamic", true, false, new SendPortConfiguration("", "Default", null, null,
                    SendPipeline.PassThruTransmit, new Filter(List.of(List.of(new FilterStatement(DYNAMIC,
                    FilterOperator.EXISTS, null)))), 5, false, false, false, Tracking.NONE), ArtifactStatus.Started);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> routing.port(FUZZ_PORT + "-dynamic") != null
                && routing.port(FUZZ_PORT + "-dynamic").status() == ArtifactStatus.Started);
    }

    @Test
    void randomRequestsToEveryEndpoint_areAnswered2xxOr4xxProblems_andTheServiceStaysReadyAndQuiet()
            throws Exception {
        SourceOfRandomness.create(Long.toString(SEED));
        Iterator<Call> generated = calls().sampleStream().iterator();
        List<String> problems = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Call call = generated.next();
            HttpResponse<String> answer = send(call);
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            String problem = problem(answer);
            if (problem != null) {
                problems.add("#" + i + " " + call.method() + " " + abbreviate(call.path()) + " "
                        + abbreviate(call.body()) + " -> " + problem);
            }
        }
        assertThat(problems).as("seed " + SEED).isEmpty();
        assertThat(statuses.keySet()).as("answers by status: " + statuses).contains(200, 202, 400, 404);
        assertReadyAndQuiet();
    }

    @Test
    void randomRecordsOnTheMessagesTopic_neverStopTheIntake() throws Exception {
        SourceOfRandomness.create(Long.toString(SEED));
        Random random = new Random(SEED);
        Iterator<String> keys = text().injectNull(0.2).sampleStream().iterator();
        Iterator<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(5000).injectNull(0.1)
                .sampleStream().iterator();
        Iterator<Map<String, byte[]>> headers = Arbitraries.maps(text(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)).ofMaxSize(120).sampleStream().iterator();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PortwayTestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < 200; i++) {
                String key = keys.next();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(messagesTopic, 0,
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8), values.next());
                headers.next().forEach((name, value) -> record.headers().add(
                        (random.nextBoolean() ? "ctx_" : "") + name, value));
                try {
                    producer.send(record).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // the broker itself refuses some random records (e.g. no key on a compacted topic): one at a
                    // time, so a refused record never takes the good one below down with its batch
                    if (!(e.getCause() instanceof org.apache.kafka.common.InvalidRecordException)) {
                        throw e;
                    }
                }
            }
            String good = "fuzz-good-" + UUID.randomUUID();
            Path file = out.resolve(good + ".xml");
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(messagesTopic, 0,
                    good.getBytes(StandardCharsets.UTF_8), new byte[]{1});
            record.headers().add("ctx_Portway.SendPort", FUZZ_PORT.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(send(new Call("GET", "/api/messages/" + good, null, null)).statusCode())
                            .isIn(200, 404));
            assertThat(file).doesNotExist();
        }
        assertReadyAndQuiet();
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private HttpResponse<String> send(Call call) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.path()))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:admin".getBytes(StandardCharsets.UTF_8)))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    private String problem(HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status / 100 == 2) {
            return null;
        }
        String type = answer.headers().firstValue("Content-Type").orElse("");
        JsonNode body;
        try {
            body = json.readTree(answer.body());
        } catch (Exception e) {
            return status + " " + type + " not JSON: " + abbreviate(answer.body());
        }
        String code = body == null || body.get("code") == null ? null : body.get("code").asText();
        boolean notCaughtUp = status == 503 && "ROUTING_NOT_CAUGHT_UP".equals(code);
        if (status / 100 != 4 && !notCaughtUp || !type.startsWith("application/problem+json") || code == null) {
            return status + " " + type + " " + abbreviate(answer.body());
        }
        return null;
    }

    private void assertReadyAndQuiet() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(send(new Call("GET",
                "/actuator/health/readiness", null, null)).statusCode()).isEqualTo(200));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = cpu(threads);
        long window = 2_000;
        Thread.sleep(window); // a measuring window, not a wait for a condition
        Map<Long, Long> after = cpu(threads);
        List<String> busy = new ArrayList<>();
        after.forEach((id, nanos) -> {
            long used = nanos - before.getOrDefault(id, 0L);
            if (id != Thread.currentThread().getId() && used > window * 1_000_000 / 2) {
                var info = threads.getThreadInfo(id);
                busy.add((info == null ? "thread " + id : info.getThreadName()) + ": " + used / 1_000_000 + " ms");
            }
        });
        assertThat(busy).as("threads that used more than half a CPU for " + window + " ms").isEmpty();
    }

    private static Map<Long, Long> cpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    private String quoted(String text) {
        return toJson(text);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + ")" : text;
    }
}
