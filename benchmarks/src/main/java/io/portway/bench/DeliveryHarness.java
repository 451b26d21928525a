package io.portway.bench;

import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortStarted;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.messaging.SendPortEventCodec;
import io.portway.messaging.Topics;
import io.portway.stack.PortwayStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the delivery figures share: PostgreSQL and Kafka from the local stack ({@link PortwayStack}, infrastructure
 * only, free ports, a data directory under {@code target/bench}), the delivery service's exec jar as a child process
 * (so it can be killed with {@code kill -9}), ports fed as CloudEvents on the send-port-events topic, and an HTTP
 * publisher.
 */
final class DeliveryHarness implements AutoCloseable {

    final String runId = UUID.randomUUID().toString().substring(0, 8);
    final String topicSuffix = ".bench-" + runId;
    private final PortwayStack stack;
    private final int httpPort;
    private final Path jar;
    private final List<String> jvmOptions;
    private Process process;
    private Path log;
    /** When the last {@link #startService()} launched the process. */
    Instant launched = Instant.EPOCH;
    /** The extracted jar and its CDS archive once {@link #useClassDataSharing()} made them. */
    private ClassDataSharing classDataSharing;
    private final KafkaProducer<String, byte[]> producer;
    private final SendPortEventCodec codec = new SendPortEventCodec();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString("publisher:publisher".getBytes(StandardCharsets.UTF_8));

    DeliveryHarness(List<String> jvmOptions) throws Exception {
        Path root = BenchEnvironment.repositoryRoot();
        jar = root.resolve("delivery-service/target/delivery-service-0.1.0-SNAPSHOT-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the delivery service first: " + jar);
        }
        this.jvmOptions = jvmOptions;
        stack = PortwayStack.builder(root.resolve("benchmarks/target/bench/data-" + runId))
                .repositoryRoot(root).postgresPort(0).kafkaPort(0).services(List.of()).start();
        httpPort = BenchEnvironment.freePort();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /**
     * From now on the service starts with Class Data Sharing ({@link ClassDataSharing}), trained against this
     * harness's PostgreSQL and Kafka. Answers the seconds the extraction and the training took (0 when reused).
     */
    double useClassDataSharing() throws Exception {
        classDataSharing = ClassDataSharing.train(jar, jvmOptions, arguments());
        return classDataSharing.seconds();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the delivery service (with CDS once {@link #useClassDataSharing()} ran) and waits until healthy. */
    void startService() throws Exception {
        startService(classDataSharing != null);
    }

    /** Starts the delivery service, with or without the CDS archive, and waits until it is healthy. */
    void startService(boolean withArchive) throws Exception {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        if (withArchive) {
            command.add("-XX:SharedArchiveFile=" + classDataSharing.archive());
        }
        command.addAll(List.of("-jar", (withArchive ? classDataSharing.extractedJar() : jar).toString()));
        command.addAll(arguments());
        log = BenchEnvironment.repositoryRoot().resolve("benchmarks/target/bench/delivery-" + runId + "-"
                + System.currentTimeMillis() + ".log");
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        launched = Instant.now();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("delivery service exited; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("delivery service not healthy within 180 s; see " + log);
    }

    /**
     * From the last start's log, Spring Boot's "Started DeliveryApplication in X seconds (process running for Y)":
     * {@code [Y - X, Y]}, i.e. when (seconds after the JVM started) the application's main began and when its
     * context was up; empty when the line is missing.
     */
    double[] contextTimes() throws IOException {
        java.util.regex.Matcher started = java.util.regex.Pattern
                .compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)")
                .matcher(Files.readString(log));
        if (!started.find()) {
            return new double[0];
        }
        double running = Double.parseDouble(started.group(2));
        return new double[] {running - Double.parseDouble(started.group(1)), running};
    }

    private List<String> arguments() {
        return List.of(
                "--server.port=" + httpPort,
                "--spring.profiles.active=local",
                "--spring.datasource.url=" + stack.jdbcUrl(),
                "--spring.datasource.username=" + stack.jdbcUser(),
                "--spring.datasource.password=" + stack.jdbcPassword(),
                "--spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(),
                "--portway.topics.send-port-events=" + Topics.SEND_PORT_EVENTS + topicSuffix,
                "--portway.topics.messages=" + Topics.MESSAGES + topicSuffix,
                "--portway.topics.delivery-events=" + Topics.DELIVERY_EVENTS + topicSuffix,
                // FILE ports write below the benchmark's own directory (confined since docs/RULES.md §8)
                "--portway.delivery.file.allowed-roots="
                        + BenchEnvironment.repositoryRoot().resolve("benchmarks/target/bench"),
                "--logging.level.root=WARN",
                // its "Started … in X seconds (process running for Y)" line, for the recovery timeline, and the
                // milestones in between (Tomcat initialised, Flyway validated, lifecycle phases started) in its log
                "--logging.level.io.portway.delivery.DeliveryApplication=INFO",
                "--logging.level.org.springframework.boot.web.embedded.tomcat=INFO",
                "--logging.level.org.flywaydb.core.internal.command=INFO",
                "--logging.level.org.springframework.context.support.DefaultLifecycleProcessor=DEBUG");
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    Connection database() throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
    }

    /** Creates, enlists and starts a static port subscribing to {@code Bench.Key == key}. */
    void startedPort(String name, Transport transport, String key) throws Exception {
        SendPortConfiguration configuration = new SendPortConfiguration("", "Default", transport, null,
                SendPipeline.PassThruTransmit, new Filter(List.of(List.of(
                new FilterStatement("Bench.Key", FilterOperator.EQUALS, key)))), 5, false, false, false,
                Tracking.NONE);
        String id = UUID.randomUUID().toString();
        send(id, 1, new SendPortCreated(name, false, false, configuration));
        send(id, 2, new SendPortEnlisted(name));
        send(id, 3, new SendPortStarted(name));
    }

    static Transport transport(TransportType type, String address) {
        return new Transport(type, address, Map.of(), 3, Duration.ofSeconds(1), null);
    }

    private void send(String artifactId, long sequence, PortwayEvent event) throws Exception {
        producer.send(codec.toRecord(Topics.SEND_PORT_EVENTS + topicSuffix, new EventEnvelope(
                UUID.randomUUID().toString(), artifactId, sequence, sequence, Instant.now(), "bench", runId,
                event))).get();
    }

    /** Publishes one message; answers the HTTP status, -1 when the service cannot be reached. */
    int publish(String id, String key, String body) {
        String json = "{\"id\":\"" + id + "\",\"context\":{\"Bench.Key\":\"" + key + "\"},\"body\":\"" + body
                + "\"}";
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url("/api/messages")))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until a message with this key is accepted, i.e. the ports reached the routing table. */
    void awaitRoutable(String key) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (publish("probe-" + UUID.randomUUID(), key, "probe") == 202) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("ports never became routable");
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
        producer.close();
        stack.close();
    }
}
