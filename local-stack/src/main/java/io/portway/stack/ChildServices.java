package io.portway.stack;

import io.portway.embedded.FreePorts;
import io.portway.embedded.LocalUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.portway.stack.PortwayStack.quietly;

/**
 * The services of a stack, each a {@link ChildService}: which ones are built, their ports, command lines and
 * environments, waiting until they are healthy, and stopping them all together.
 */
final class ChildServices {

    private static final Logger log = LoggerFactory.getLogger(ChildServices.class);

    private final StackBuilder settings;
    private final Infrastructure infrastructure;
    private final List<ChildService> children = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    ChildServices(StackBuilder settings, Infrastructure infrastructure) {
        this.settings = settings;
        this.infrastructure = infrastructure;
    }

    /** Launches every service whose exec jar is built, then waits until each is healthy. */
    void launchAll() {
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
                    ports, settings.logDirectory().resolve(service.name() + ".log"));
        }
        for (ChildService child : children) {
            child.awaitHealthy(settings.startTimeout);
            if (stopped) {
                throw new IllegalStateException("stopped while starting");
            }
            log.info("{} is up at {}", child.service().name(), child.url());
        }
    }

    /** One more instance of {@code service} on a free port, {@code arguments} added; returns once it is healthy. */
    ChildService launchInstance(Service service, List<String> arguments) {
        List<String> command = new ArrayList<>(command(service.execJar(settings.repositoryRoot, projectVersion())));
        command.addAll(arguments);
        Map<String, Integer> ports = new HashMap<>();
        children.forEach(child -> ports.putIfAbsent(child.service().name(), child.port()));
        int port = FreePorts.find();
        ChildService child = launch(service, command, port, ports,
                settings.logDirectory().resolve(service.name() + "-" + port + ".log"));
        child.awaitHealthy(settings.startTimeout);
        return child;
    }

    private ChildService launch(Service service, List<String> command, int port, Map<String, Integer> ports,
            Path logFile) {
        log.info("Launching {} on {}:{} (log {})", service.name(), settings.bindAddress, port, logFile);
        synchronized (this) {
            if (stopped) {
                throw new IllegalStateException("stopped while starting");
            }
            ChildService child = ChildService.launch(service, reachableHost(), port, command,
                    environment(service, port, ports), logFile);
            children.add(child);
            return child;
        }
    }

    /** The launched services, in start order. */
    List<ChildService> all() {
        return children;
    }

    /** SIGTERM to every service at once, then {@link ChildService#stopGrace()} for all of them, then SIGKILL. */
    synchronized void stop() {
        stopped = true;
        if (!children.isEmpty()) {
            log.info("Stopping {}", children.stream().map(c -> c.service().name()).toList());
        }
        children.forEach(ChildService::requestStop);
        long deadline = System.nanoTime() + ChildService.stopGrace().toNanos();
        for (ChildService child : children) {
            quietly("stop " + child.service().name(), () -> child.awaitStop(deadline));
        }
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
        Infrastructure.Database database = infrastructure.database();
        environment.put("PORTWAY_DB_URL", database.jdbcUrl());
        environment.put("PORTWAY_DB_USER", database.user() == null ? "" : database.user());
        environment.put("PORTWAY_DB_PASSWORD", database.password() == null ? "" : database.password());
        environment.put("PORTWAY_KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
        String key = System.getenv("PORTWAY_SECRETS_KEY");
        if (key == null || key.isBlank()) {
            environment.put("PORTWAY_SECRETS_KEY_FILE", SecretsKey.file(settings.dataDirectory).toString());
        }
        if (service.equals(Service.ADMIN_CONSOLE)) {
            environment.put("PORTWAY_COMMAND_URL", localUrl(ports, Service.PORT_COMMAND));
            environment.put("PORTWAY_QUERY_URL", localUrl(ports, Service.PORT_QUERY));
            environment.put("PORTWAY_DELIVERY_URL", localUrl(ports, Service.DELIVERY));
        }
        return environment;
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
}
