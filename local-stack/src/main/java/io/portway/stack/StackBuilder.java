package io.portway.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How to start a stack; every setting has the run command's default. */
public final class StackBuilder {
    final Path dataDirectory;
    Path repositoryRoot = Path.of("").toAbsolutePath();
    int postgresPort = PortwayStack.DEFAULT_POSTGRES_PORT;
    int kafkaPort = PortwayStack.DEFAULT_KAFKA_PORT;
    String externalJdbcUrl;
    String externalJdbcUser;
    String externalJdbcPassword;
    String externalKafka;
    List<Service> services = Service.ALL;
    final Map<String, Integer> servicePorts = new HashMap<>();
    boolean freeServicePorts;
    Duration startTimeout = PortwayStack.DEFAULT_START_TIMEOUT;
    List<String> jvmOptions = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
    String bindAddress = PortwayStack.DEFAULT_BIND_ADDRESS;

    StackBuilder(Path dataDirectory) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
    }

    /** Where {@code <module>/target/*-exec.jar} are looked for (default: the working directory). */
    public StackBuilder repositoryRoot(Path root) {
        this.repositoryRoot = root.toAbsolutePath().normalize();
        return this;
    }

    /** Port of the embedded PostgreSQL, 0 for a free one (default 15432). */
    public StackBuilder postgresPort(int port) {
        this.postgresPort = port;
        return this;
    }

    /** Port of the embedded Kafka, 0 for a free one (default 19092). */
    public StackBuilder kafkaPort(int port) {
        this.kafkaPort = port;
        return this;
    }

    /** Uses an existing PostgreSQL database instead of the embedded server. */
    public StackBuilder externalPostgres(String jdbcUrl, String user, String password) {
        this.externalJdbcUrl = jdbcUrl;
        this.externalJdbcUser = user;
        this.externalJdbcPassword = password;
        return this;
    }

    /** Uses an existing Kafka cluster instead of the embedded broker. */
    public StackBuilder externalKafka(String bootstrapServers) {
        this.externalKafka = bootstrapServers;
        return this;
    }

    /** The services to launch if their exec jar exists (default {@link Service#ALL}); empty for infrastructure only. */
    public StackBuilder services(List<Service> services) {
        this.services = List.copyOf(services);
        return this;
    }

    public StackBuilder servicePort(String service, int port) {
        servicePorts.put(service, port);
        return this;
    }

    /** Free ports for every service instead of their default ones (tests). */
    public StackBuilder freeServicePorts() {
        this.freeServicePorts = true;
        return this;
    }

    /** How long each service may take to answer its health check (default 120 s). */
    public StackBuilder startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * The address the services listen on (default {@value PortwayStack#DEFAULT_BIND_ADDRESS}, this machine only;
     * {@code 0.0.0.0} for every interface). The local users' passwords are well known: widen this only on a
     * network you trust.
     */
    public StackBuilder bindAddress(String address) {
        this.bindAddress = address == null || address.isBlank() ? PortwayStack.DEFAULT_BIND_ADDRESS
                : address.strip();
        return this;
    }

    /** JVM options of each service process. */
    public StackBuilder jvmOptions(List<String> options) {
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
