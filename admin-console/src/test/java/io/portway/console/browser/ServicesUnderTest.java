package io.portway.console.browser;

import io.portway.embedded.EmbeddedKafkaServer;
import io.portway.embedded.EmbeddedPostgresServer;
import io.portway.embedded.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The three services as the local stack runs them: embedded PostgreSQL and Kafka in this JVM, each service's exec
 * jar as a child process on a free port with the local users (same arguments as {@code io.portway.stack.PortwayStack},
 * which this module cannot depend on without being built after the run command's module).
 */
final class ServicesUnderTest implements AutoCloseable {

    static final List<String> SERVICES = List.of("port-command-service", "port-query-service", "delivery-service");
    private static final List<String> USERS = List.of("admin:ADMIN", "operator:OPERATOR", "viewer:VIEWER",
            "publisher:PUBLISHER");

    private final Path directory;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaServer kafka;
    private final Map<String, URI> urls = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();

    /** The exec jar of a service built in this checkout, if any. */
    static Optional<Path> execJar(Path root, String service) {
        try (Stream<Path> files = Files.list(root.resolve(service).resolve("target"))) {
            return files.filter(file -> file.getFileName().toString().matches(service + "-.*-exec\\.jar")).findFirst();
        } catch (IOException noTarget) {
            return Optional.empty();
        }
    }

    ServicesUnderTest(Path root, Path directory, Duration startTimeout) throws IOException {
        this.directory = directory;
        this.postgres = EmbeddedPostgresServer.startTemporary();
        this.kafka = EmbeddedKafkaServer.startTemporary();
        String jdbcUrl = postgres.createDatabase("portway");
        try {
            for (String service : SERVICES) {
                // a private copy: a build running next to this test may rewrite target/ at any moment
                Path jar = Files.copy(execJar(root, service).orElseThrow(), directory.resolve(service + ".jar"),
                        StandardCopyOption.REPLACE_EXISTING);
                int port = FreePorts.find();
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                        "--server.port=" + port,
                        "--spring.datasource.url=" + jdbcUrl,
                        "--spring.datasource.username=" + postgres.user(),
                        "--spring.datasource.password=" + (postgres.password() == null ? "" : postgres.password()),
                        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--spring.profiles.active=local"));
                for (int i = 0; i < USERS.size(); i++) {
                    String[] user = USERS.get(i).split(":");
                    command.add("--portway.security.users[" + i + "].username=" + user[0]);
                    command.add("--portway.security.users[" + i + "].password={noop}" + user[0]);
                    command.add("--portway.security.users[" + i + "].roles[0]=" + user[1]);
                }
                processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(directory.resolve(service + ".log").toFile()).start());
                urls.put(service, URI.create("http://127.0.0.1:" + port));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (String service : SERVICES) {
                await(service + " healthy (log " + directory.resolve(service + ".log") + ")")
                        .atMost(startTimeout).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> http.send(HttpRequest.newBuilder(urls.get(service).resolve("/actuator/health"))
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200);
            }
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    URI url(String service) {
        return urls.get(service);
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        kafka.close();
        postgres.close();
    }

    @Override
    public String toString() {
        return "services " + urls + " in " + directory;
    }
}
