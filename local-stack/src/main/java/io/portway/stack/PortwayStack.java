package io.portway.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL, Kafka and the Portway services on 127.0.0.1, for the run command and for system tests.
 * <p>
 * PostgreSQL and Kafka are embedded (data in {@code <dataDir>/postgres} and {@code <dataDir>/kafka}, kept between
 * runs) unless external servers are given. Every service whose {@code <module>/target/<module>-<version>-exec.jar}
 * exists is launched as a child process ({@code --spring.profiles.active=local}, the local users), listening on
 * {@link StackBuilder#bindAddress(String) 127.0.0.1 unless told otherwise}, its output going to
 * {@code <dataDir>/logs/<service>.log}. Passwords (the local users', the database's) and the secrets key reach
 * the services through their environment and {@code <dataDir>/secrets.key} (created on first start, owner-only),
 * never through their command lines; {@link #start()} returns once each answers {@code GET /actuator/health}
 * with 200. {@link #close()} stops the services (SIGTERM, 20 s, then SIGKILL), then Kafka, then PostgreSQL; a JVM
 * shutdown hook does the same on Ctrl-C.
 */
public final class PortwayStack implements AutoCloseable {

    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final String DATABASE = "portway";
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(PortwayStack.class);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private final StackBuilder settings;
    private final Infrastructure infrastructure;
    private final ChildServices children;
    final Thread shutdownHook;
    private volatile boolean closed;

    PortwayStack(StackBuilder settings) {
        this.settings = settings;
        this.infrastructure = new Infrastructure(settings);
        this.children = new ChildServices(settings, infrastructure);
        this.shutdownHook = new Thread(this::stopEverything, "portway-stack-stop");
    }

    public static StackBuilder builder(Path dataDirectory) {
        return new StackBuilder(dataDirectory);
    }

    void startAll() {
        try {
            Files.createDirectories(logDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        infrastructure.start();
        children.launchAll();
    }

    /**
     * Launches one more instance of {@code service} on a free port, with the same database, Kafka and settings as
     * the others (README, Scaling out) and {@code arguments} added to its command line; returns once it is healthy.
     * It stops with the stack, or before by its process id.
     */
    public Instance launchInstance(Service service, List<String> arguments) {
        return Instance.of(children.launchInstance(service, arguments));
    }

    /** {@code <dataDir>/secrets.key}, created on first use ({@link SecretsKey}). */
    Path secretsKeyFile() {
        return SecretsKey.file(settings.dataDirectory);
    }

    public Path dataDirectory() {
        return settings.dataDirectory;
    }

    public Path logDirectory() {
        return settings.logDirectory();
    }

    public String jdbcUrl() {
        return infrastructure.database().jdbcUrl();
    }

    public String jdbcUser() {
        return infrastructure.database().user();
    }

    public String jdbcPassword() {
        return infrastructure.database().password();
    }

    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    /** The base URL of a launched service, e.g. {@code serviceUrl("port-command-service")}. */
    public Optional<URI> serviceUrl(String service) {
        return children.all().stream().filter(c -> c.service().name().equals(service)).findFirst()
                .map(ChildService::url);
    }

    /** Every launched instance of {@code service} (several with {@link #launchInstance}), in start order. */
    public List<Instance> instances(String service) {
        return children.all().stream().filter(c -> c.service().name().equals(service))
                .map(Instance::of).toList();
    }

    /** One running instance of a service: where it answers and its process id. */
    public record Instance(String service, URI url, long pid) {

        private static Instance of(ChildService child) {
            return new Instance(child.service().name(), child.url(), child.pid());
        }
    }

    /** Names of the launched services, in start order. */
    public List<String> services() {
        return children.all().stream().map(c -> c.service().name()).toList();
    }

    /** Process ids of the launched services. */
    public List<Long> servicePids() {
        return children.all().stream().map(ChildService::pid).toList();
    }

    /** What runs where, and how to sign in. */
    public String describe() {
        return Banner.describe(settings, infrastructure, children.all());
    }

    /** Stops the services, then Kafka, then PostgreSQL. Idempotent. */
    @Override
    public void close() {
        stopEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

    private synchronized void stopEverything() {
        if (closed) {
            return;
        }
        closed = true;
        children.stop();
        infrastructure.stop();
        log.info("Stopped");
    }

    static void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Could not {}: {}", what, e.toString());
        }
    }
}
