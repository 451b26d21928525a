package io.portway.bench;

import io.portway.stack.PortwayStack;
import io.portway.stack.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the benchmarks run: a running stack when any of {@code PORTWAY_COMMAND_URL}, {@code PORTWAY_QUERY_URL},
 * {@code PORTWAY_DELIVERY_URL} is set (the others default to 127.0.0.1:8081…8083; with
 * {@code PORTWAY_KAFKA_BOOTSTRAP_SERVERS}, {@code PORTWAY_SEND_PORT_EVENTS_TOPIC}, {@code PORTWAY_DB_URL}), or else a
 * fresh local stack started with
 * {@link PortwayStack} in a temporary data directory (services built with {@code ./mvnw -q install -DskipTests}),
 * with the full JIT (the stack's default of C1 only favours start-up time over throughput).
 */
final class BenchEnvironment implements AutoCloseable {

    private final PortwayStack stack;
    private final String kafka;
    private final URI command;
    private final URI query;
    private final URI delivery;

    private BenchEnvironment(PortwayStack stack, String kafka, URI command, URI query, URI delivery) {
        this.stack = stack;
        this.kafka = kafka;
        this.command = command;
        this.query = query;
        this.delivery = delivery;
    }

    static BenchEnvironment start(List<Service> services) {
        if (Stream.of("PORTWAY_COMMAND_URL", "PORTWAY_QUERY_URL", "PORTWAY_DELIVERY_URL")
                .anyMatch(name -> System.getenv(name) != null)) {
            return new BenchEnvironment(null, env("PORTWAY_KAFKA_BOOTSTRAP_SERVERS", "PORTWAY_KAFKA", "127.0.0.1:19092"),
                    URI.create(env("PORTWAY_COMMAND_URL", "http://127.0.0.1:8081")),
                    URI.create(env("PORTWAY_QUERY_URL", "http://127.0.0.1:8082")),
                    URI.create(env("PORTWAY_DELIVERY_URL", "http://127.0.0.1:8083")));
        }
        try {
            Path data = Files.createTempDirectory("portway-bench");
            PortwayStack stack = PortwayStack.builder(data)
                    .repositoryRoot(repositoryRoot())
                    .postgresPort(freePort())
                    .kafkaPort(freePort())
                    .freeServicePorts()
                    .jvmOptions(jvmOptions())
                    .startTimeout(seconds("PORTWAY_BENCH_START_SECONDS", 300))
                    .services(services)
                    .start();
            return new BenchEnvironment(stack, stack.kafkaBootstrapServers(),
                    stack.serviceUrl(Service.PORT_COMMAND.name()).orElse(null),
                    stack.serviceUrl(Service.PORT_QUERY.name()).orElse(null),
                    stack.serviceUrl(Service.DELIVERY.name()).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The services' JVM options: full JIT, parallel GC, 1 GiB heap, plus {@code PORTWAY_BENCH_JVM_OPTIONS} (split at
     * spaces), e.g. {@code -XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile} to profile a figure (a
     * directory: each service writes its own {@code hotspot-pid-…jfr} there when it stops).
     */
    private static List<String> jvmOptions() {
        List<String> options = new java.util.ArrayList<>(List.of("-XX:+UseParallelGC", "-Xss512k", "-Xmx1g"));
        String extra = System.getenv("PORTWAY_BENCH_JVM_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return options;
    }

    /** A connection to the benchmark's PostgreSQL: the stack's, or {@code PORTWAY_DB_URL} (+ user, password). */
    java.sql.Connection connection() throws java.sql.SQLException {
        if (stack != null) {
            return java.sql.DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        }
        return java.sql.DriverManager.getConnection(
                env("PORTWAY_DB_URL", "PORTWAY_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/portway"),
                env("PORTWAY_DB_USER", "PORTWAY_JDBC_USER", "postgres"),
                env("PORTWAY_DB_PASSWORD", "PORTWAY_JDBC_PASSWORD", ""));
    }

    String sendPortEventsTopic() {
        return env("PORTWAY_SEND_PORT_EVENTS_TOPIC", "portway.send-port-events");
    }

    String kafka() {
        return kafka;
    }

    URI command() {
        return Optional.ofNullable(command).orElseThrow(() -> new IllegalStateException("no command service"));
    }

    URI query() {
        return Optional.ofNullable(query).orElseThrow(() -> new IllegalStateException("no query service"));
    }

    URI delivery() {
        return Optional.ofNullable(delivery).orElseThrow(() -> new IllegalStateException("no delivery service"));
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The whole number {@code name} says, else {@code fallback}. */
    static int integer(String name, int fallback) {
        return Integer.parseInt(env(name, Integer.toString(fallback)));
    }

    /** The seconds {@code name} says, else {@code fallback}. */
    static java.time.Duration seconds(String name, long fallback) {
        return java.time.Duration.ofSeconds(Long.parseLong(env(name, Long.toString(fallback))));
    }

    /** {@code name}, else its deprecated {@code oldName} (the services' scheme, README "Configuration"). */
    static String env(String name, String oldName, String fallback) {
        return env(name, env(oldName, fallback));
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's root: the working directory, or its parent when run from {@code benchmarks/}. */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("mvnw")) ? here : here.getParent();
    }

    @Override
    public void close() {
        if (stack != null) {
            stack.close();
        }
    }
}
