package io.portway.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL, Kafka and the Portway services on 127.0.0.1, for the run command and for system tests.
 * <p>
 * PostgreSQL and Kafka are embedded (data in {@code <dataDir>/postgres} and {@code <dataDir>/kafka}, kept between
 * runs) unless external servers are given. Every service whose {@code <module>/target/<module>-<version>-exec.jar}
 * exists is launched as a child process ({@code --spring.profiles.active=local}, the local users), listening on
 * {@link Builder#bindAddress(String) 127.0.0.1 unless told otherwise}, its output going to
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

    private final Builder settings;
    private final Infrastructure infrastructure;
    private final ChildServices children;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private PortwayStack(Builder settings) {
        this.settings = settings;
        this.infrastructure = new Infrastructure(settings);
        this.children = new ChildServices(settings, infrastructure);
        this.shutdownHook = new Thread(this::stopEverything, "portway-stack-stop");
    }

    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /** How to start a stack; every setting has the run command's default. */
    public static final class Builder {
        final Path dataDirectory;
        Path repositoryRoot = Path.of("").toAbsolutePath();
        int postgresPort = DEFAULT_POSTGRES_PORT;
        int kafkaPort = DEFAULT_KAFKA_PORT;
        String externalJdbcUrl;
        String externalJdbcUser;
        String externalJdbcPassword;
        String externalKafka;
        List<Service> services = Service.ALL;
        final Map<String, Integer> servicePorts = new HashMap<>();
        boolean freeServicePorts;
        Duration startTimeout = DEFAULT_START_TIMEOUT;
        List<String> jvmOptions = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
        String bindAddress = DEFAULT_BIND_ADDRESS;

        private Builder(Path dataDirectory) {
            this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        }

        /** Where {@code <module>/target/*-exec.jar} are looked for (default: the working directory). */
        public Builder repositoryRoot(Path root) {
            this.repositoryRoot = root.toAbsolutePath().normalize();
            return this;
        }

        /** Port of the embedded PostgreSQL, 0 for a free one (default 15432). */
        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        /** Port of the embedded Kafka, 0 for a free one (default 19092). */
        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** Uses an existing PostgreSQL database instead of the embedded server. */
        public Builder externalPostgres(String jdbcUrl, String user, String password) {
            this.externalJdbcUrl = jdbcUrl;
            this.externalJdbcUser = user;
            this.externalJdbcPassword = password;
            return this;
        }

        /** Uses an existing Kafka cluster instead of the embedded broker. */
        public Builder externalKafka(String bootstrapServers) {
            this.externalKafka = bootstrapServers;
            return this;
        }

        /** The services to launch if their exec jar exists (default {@link Service#ALL}); empty for infrastructure only. */
        public Builder services(List<Service> services) {
            this.services = List.copyOf(services);
            return this;
        }

        public Builder servicePort(String service, int port) {
            servicePorts.put(service, port);
            return this;
        }

        /** Free ports for every service instead of their default ones (tests). */
        public Builder freeServicePorts() {
            this.freeServicePorts = true;
            return this;
        }

        /** How long each service may take to answer its health check (default 120 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * The address the services listen on (default {@value #DEFAULT_BIND_ADDRESS}, this machine only;
         * {@code 0.0.0.0} for every interface). The local users' passwords are well known: widen this only on a
         * network you trust.
         */
        public Builder bindAddress(String address) {
            this.bindAddress = address == null || address.isBlank() ? DEFAULT_BIND_ADDRESS : address.strip();
            return this;
        }

        /** JVM options of each service process. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        Path logDirectory() {
            return dataDirectory.resolve("logs");
        }

        /** Starts everything; on failure stops what was started and throws. */
        public PortwayStack start() {
            PortwayStack stack = new PortwayStack(this);
            Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
            try {
                stack.startAll();
                return stack;
            } catch (RuntimeException | Error e) {
                stack.close();
                throw e;
            }
        }
    }

    private void startAll() {
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
