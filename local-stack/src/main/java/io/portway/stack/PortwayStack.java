package io.portway.stack;

import io.portway.embedded.EmbeddedKafkaServer;
import io.portway.embedded.EmbeddedPostgresServer;
import io.portway.embedded.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * PostgreSQL, Kafka and the Portway services on 127.0.0.1, for the run command and for system tests.
 * <p>
 * PostgreSQL and Kafka are embedded (data in {@code <dataDir>/postgres} and {@code <dataDir>/kafka}, kept between
 * runs) unless external servers are given. Every service whose {@code <module>/target/<module>-<version>-exec.jar}
 * exists is launched as a child process ({@code --spring.profiles.active=local}, the local users), listening on
 * {@link Builder#bindAddress 127.0.0.1 unless told otherwise}, its output going to
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
    static final String SECRETS_KEY_FILE = "secrets.key";

    private static final Logger log = LoggerFactory.getLogger(PortwayStack.class);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private final Builder settings;
    private final List<ChildService> children = new CopyOnWriteArrayList<>();
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaServer kafka;
    private String jdbcUrl;
    private String jdbcUser;
    private String jdbcPassword;
    private String kafkaBootstrapServers;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private PortwayStack(Builder settings) {
        this.settings = settings;
        this.shutdownHook = new Thread(this::closeFromHook, "portway-stack-stop");
    }

    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /** How to start a stack; every setting has the run command's default. */
    public static final class Builder {
        private final Path dataDirectory;
        private Path repositoryRoot = Path.of("").toAbsolutePath();
        private int postgresPort = DEFAULT_POSTGRES_PORT;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private String externalJdbcUrl;
        private String externalJdbcUser;
        private String externalJdbcPassword;
        private String externalKafka;
        private List<Service> services = Service.ALL;
        private final Map<String, Integer> servicePorts = new HashMap<>();
        private boolean freeServicePorts;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private List<String> jvmOptions = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
        private String bindAddress = DEFAULT_BIND_ADDRESS;

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
        startPostgres();
        startKafka();
        launchServices();
    }

    private void startPostgres() {
        if (settings.externalJdbcUrl != null) {
            jdbcUrl = settings.externalJdbcUrl;
            jdbcUser = settings.externalJdbcUser;
            jdbcPassword = settings.externalJdbcPassword;
            log.info("PostgreSQL: external {}", jdbcUrl);
            return;
        }
        log.info("Starting PostgreSQL in {}", settings.dataDirectory.resolve("postgres"));
        postgres = EmbeddedPostgresServer.start(settings.dataDirectory.resolve("postgres"), settings.postgresPort);
        jdbcUrl = postgres.createDatabase(DATABASE);
        jdbcUser = postgres.user();
        jdbcPassword = postgres.password();
    }

    private void startKafka() {
        if (settings.externalKafka != null) {
            kafkaBootstrapServers = settings.externalKafka;
            log.info("Kafka: external {}", kafkaBootstrapServers);
            return;
        }
        log.info("Starting Kafka in {}", settings.dataDirectory.resolve("kafka"));
        kafka = EmbeddedKafkaServer.start(settings.dataDirectory.resolve("kafka"), settings.kafkaPort);
        kafkaBootstrapServers = kafka.bootstrapServers();
    }

    private void launchServices() {
        String version = projectVersion();
        Map<String, Integer> ports = new HashMap<>();
        List<Service> present = new ArrayList<>();
        for (Service service : settings.services) {
            Path jar = service.execJar(settings.repositoryRoot, version);
            if (Files.isRegularFile(jar)) {
                present.add(service);
                ports.put(service.name(), portOf(service));
            } else {
                log.info("Not launching {}: {} not built", service.name(), settings.repositoryRoot.relativize(jar));
            }
        }
        for (Service service : present) {
            launch(service, command(service.execJar(settings.repositoryRoot, version)), ports.get(service.name()),
                    ports, logDirectory().resolve(service.name() + ".log"));
        }
        for (ChildService child : children) {
            child.awaitHealthy(settings.startTimeout);
            if (closed) {
                throw new IllegalStateException("stopped while starting");
            }
            log.info("{} is up at {}", child.service().name(), child.url());
        }
    }

    private ChildService launch(Service service, List<String> command, int port, Map<String, Integer> ports,
            Path logFile) {
        log.info("Launching {} on {}:{} (log {})", service.name(), settings.bindAddress, port, logFile);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("stopped while starting");
            }
            ChildService child = ChildService.launch(service, reachableHost(), port, command,
                    environment(service, port, ports), logFile);
            children.add(child);
            return child;
        }
    }

    /**
     * Launches one more instance of {@code service} on a free port, with the same database, Kafka and settings as
     * the others (README, Scaling out) and {@code arguments} added to its command line; returns once it is healthy.
     * It stops with the stack, or before by its process id.
     */
    public Instance launchInstance(Service service, List<String> arguments) {
        List<String> command = new ArrayList<>(command(service.execJar(settings.repositoryRoot, projectVersion())));
        command.addAll(arguments);
        Map<String, Integer> ports = new HashMap<>();
        children.forEach(child -> ports.putIfAbsent(child.service().name(), child.port()));
        int port = FreePorts.find();
        ChildService child = launch(service, command, port, ports,
                logDirectory().resolve(service.name() + "-" + port + ".log"));
        child.awaitHealthy(settings.startTimeout);
        return new Instance(service.name(), child.url(), child.pid());
    }

    private int portOf(Service service) {
        Integer port = settings.servicePorts.get(service.name());
        if (port != null && port != 0) {
            return port;
        }
        return settings.freeServicePorts || port != null ? FreePorts.find() : service.defaultPort();
    }

    private List<String> command(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.address=" + settings.bindAddress);
        command.add("--spring.profiles.active=local");
        return command;
    }

    /**
     * What a service gets in its environment (README, Configuration): where it listens, PostgreSQL and Kafka, and
     * the passwords and the secrets key, which no command line shows.
     */
    private Map<String, String> environment(Service service, int port, Map<String, Integer> ports) {
        Map<String, String> environment = new LinkedHashMap<>(LocalUsers.asEnvironment());
        environment.put("PORTWAY_HTTP_PORT", String.valueOf(port));
        environment.put("PORTWAY_DB_URL", jdbcUrl);
        environment.put("PORTWAY_DB_USER", jdbcUser == null ? "" : jdbcUser);
        environment.put("PORTWAY_DB_PASSWORD", jdbcPassword == null ? "" : jdbcPassword);
        environment.put("PORTWAY_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        String key = System.getenv("PORTWAY_SECRETS_KEY");
        if (key == null || key.isBlank()) {
            environment.put("PORTWAY_SECRETS_KEY_FILE", secretsKeyFile().toString());
        }
        if (service.equals(Service.ADMIN_CONSOLE)) {
            environment.put("PORTWAY_COMMAND_URL", localUrl(ports, Service.PORT_COMMAND));
            environment.put("PORTWAY_QUERY_URL", localUrl(ports, Service.PORT_QUERY));
            environment.put("PORTWAY_DELIVERY_URL", localUrl(ports, Service.DELIVERY));
        }
        return environment;
    }

    /**
     * {@code <dataDir>/secrets.key}: the key that seals transport secrets, 32 random bytes in base64, created on
     * first start readable by its owner only and kept between runs (events sealed under it stay readable).
     */
    Path secretsKeyFile() {
        Path file = settings.dataDirectory.resolve(SECRETS_KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(settings.dataDirectory);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path partial = Files.createTempFile(settings.dataDirectory, SECRETS_KEY_FILE, ".new", ownerOnly());
                Files.writeString(partial, Base64.getEncoder().encodeToString(key) + "\n",
                        StandardCharsets.US_ASCII);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                log.info("Created the secrets key {}", file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secrets key " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rw-------"))}
                : new FileAttribute<?>[0];
    }

    /** Where this machine reaches the services: the bind address, or loopback when they listen everywhere. */
    private String reachableHost() {
        String bind = settings.bindAddress;
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? "127.0.0.1"
                : bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    private String localUrl(Map<String, Integer> ports, Service service) {
        return "http://" + reachableHost() + ":" + ports.getOrDefault(service.name(), service.defaultPort());
    }

    private static String projectVersion() {
        try (InputStream in = PortwayStack.class.getResourceAsStream("stack.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("stack.properties missing from the local-stack jar", e);
        }
    }

    public Path dataDirectory() {
        return settings.dataDirectory;
    }

    public Path logDirectory() {
        return settings.dataDirectory.resolve("logs");
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** The base URL of a launched service, e.g. {@code serviceUrl("port-command-service")}. */
    public Optional<URI> serviceUrl(String service) {
        return children.stream().filter(c -> c.service().name().equals(service)).findFirst().map(ChildService::url);
    }

    /** Every launched instance of {@code service} (several with {@link #launchInstance}), in start order. */
    public List<Instance> instances(String service) {
        return children.stream().filter(c -> c.service().name().equals(service))
                .map(c -> new Instance(c.service().name(), c.url(), c.pid())).toList();
    }

    /** One running instance of a service: where it answers and its process id. */
    public record Instance(String service, URI url, long pid) {
    }

    /** Names of the launched services, in start order. */
    public List<String> services() {
        return children.stream().map(c -> c.service().name()).toList();
    }

    /** Process ids of the launched services. */
    public List<Long> servicePids() {
        return children.stream().map(ChildService::pid).toList();
    }

    /** What runs where, and how to sign in. */
    public String describe() {
        StringBuilder text = new StringBuilder("\nPortway is running\n");
        for (ChildService child : children) {
            text.append(String.format("  %-22s %s   swagger-ui: %s/swagger-ui/index.html   log: %s%n",
                    child.service().name(), child.url(), child.url(), child.logFile()));
        }
        if (children.isEmpty()) {
            text.append("  no service built yet (./mvnw -DskipTests install builds their exec jars)\n");
        }
        text.append(String.format("  %-22s %s (user %s)%n", "PostgreSQL", jdbcUrl, jdbcUser));
        text.append(String.format("  %-22s %s%n", "Kafka", kafkaBootstrapServers));
        text.append(String.format("  %-22s %s%n", "data directory", settings.dataDirectory));
        text.append(String.format("  %-22s %s%n", "logs", logDirectory()));
        text.append(String.format("  %-22s %s%n", "listening on", settings.bindAddress
                + (settings.bindAddress.equals(DEFAULT_BIND_ADDRESS) ? " (this machine only; PORTWAY_BIND to change)"
                : " (reachable from the network: the local users' passwords are well known)")));
        text.append("  users (user/password): ");
        text.append(String.join(", ", LocalUsers.ALL.stream()
                .map(u -> u.username() + "/" + u.username() + " " + u.role()).toList()));
        text.append("\nPress Ctrl-C to stop.\n");
        return text.toString();
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

    private void closeFromHook() {
        stopEverything();
    }

    private synchronized void stopEverything() {
        if (closed) {
            return;
        }
        closed = true;
        if (!children.isEmpty()) {
            log.info("Stopping {}", services());
        }
        children.forEach(ChildService::requestStop);
        long deadline = System.nanoTime() + ChildService.stopGrace().toNanos();
        for (ChildService child : children) {
            quietly("stop " + child.service().name(), () -> child.awaitStop(deadline));
        }
        if (kafka != null) {
            log.info("Stopping Kafka");
            quietly("stop Kafka", kafka::close);
        }
        if (postgres != null) {
            log.info("Stopping PostgreSQL");
            quietly("stop PostgreSQL", postgres::close);
        }
        log.info("Stopped");
    }

    private static void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Could not {}: {}", what, e.toString());
        }
    }
}
