package io.portway.testsupport;

import io.portway.embedded.Directories;
import io.portway.embedded.EmbeddedKafkaServer;
import io.portway.embedded.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server and Kafka broker of a test JVM, started on first use and stopped at JVM exit.
 * <p>
 * Where they come from, in order of preference:
 * <ol>
 *   <li>{@code PORTWAY_TEST_JDBC_URL} (+ {@code PORTWAY_TEST_JDBC_USER}, {@code PORTWAY_TEST_JDBC_PASSWORD}) and
 *       {@code PORTWAY_TEST_KAFKA}: existing servers (both must be set);</li>
 *   <li>a Docker engine: Testcontainers {@code postgres:15.8} and {@code apache/kafka:3.9.1};</li>
 *   <li>otherwise embedded servers (zonky PostgreSQL, KRaft Kafka) in a temporary directory under {@code target/}.</li>
 * </ol>
 * The static helpers serve tests that build a second application context or use raw Kafka clients.
 */
public final class PortwayTestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(PortwayTestInfrastructure.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String DUPLICATE_DATABASE = "42P04";

    private static Servers servers;

    private PortwayTestInfrastructure() {
    }

    /** {@code host:port} of the shared Kafka broker. */
    public static String kafkaBootstrapServers() {
        return servers().kafkaBootstrapServers();
    }

    /** Creates a new, empty database ({@code it_<n>}) on the shared PostgreSQL server and answers its JDBC url. */
    public static String newDatabaseJdbcUrl() {
        Servers servers = servers();
        try (Connection connection = DriverManager.getConnection(
                servers.jdbcUrl(servers.adminDatabase()), servers.user(), servers.password());
             Statement statement = connection.createStatement()) {
            while (true) {
                String name = "it_" + DATABASES.incrementAndGet();
                try {
                    statement.execute("CREATE DATABASE " + name);
                    return servers.jdbcUrl(name);
                } catch (SQLException e) {
                    if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + servers, e);
        }
    }

    public static String jdbcUser() {
        return servers().user();
    }

    public static String jdbcPassword() {
        return servers().password();
    }

    private static synchronized Servers servers() {
        if (servers == null) {
            servers = Servers.start();
        }
        return servers;
    }

    /**
     * The servers in use: the JDBC url of the PostgreSQL server's own database (the one new databases are created
     * from), its credentials, the Kafka broker, and how to stop them.
     */
    record Servers(String adminJdbcUrl, String user, String password, String kafkaBootstrapServers, Runnable stop,
                   String description) {

        /** JDBC url of a database on this server. */
        String jdbcUrl(String database) {
            return JdbcUrls.withDatabase(adminJdbcUrl, database);
        }

        String adminDatabase() {
            return JdbcUrls.database(adminJdbcUrl);
        }

        @Override
        public String toString() {
            return description;
        }

        static Servers start() {
            long started = System.nanoTime();
            Servers servers = external();
            if (servers == null) {
                servers = DockerDetection.dockerAvailable() ? Containers.start() : embedded();
            }
            Servers chosen = servers;
            Runtime.getRuntime().addShutdownHook(new Thread(chosen.stop(), "portway-test-infrastructure-stop"));
            log.info("Test infrastructure ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, chosen);
            return chosen;
        }

        /** The servers named by the environment, or null when it names none. */
        private static Servers external() {
            String url = System.getenv("PORTWAY_TEST_JDBC_URL");
            String kafka = System.getenv("PORTWAY_TEST_KAFKA");
            if (isBlank(url) && isBlank(kafka)) {
                return null;
            }
            if (isBlank(url) || isBlank(kafka)) {
                throw new IllegalStateException("set both PORTWAY_TEST_JDBC_URL and PORTWAY_TEST_KAFKA, or neither");
            }
            String user = System.getenv().getOrDefault("PORTWAY_TEST_JDBC_USER", "postgres");
            String password = System.getenv().getOrDefault("PORTWAY_TEST_JDBC_PASSWORD", "");
            return new Servers(url, user, password, kafka, () -> {
            }, "external PostgreSQL " + url + ", Kafka " + kafka);
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }

        private static Servers embedded() {
            Path root;
            try {
                Path target = Files.createDirectories(Path.of("target"));
                root = Files.createTempDirectory(target.toAbsolutePath(), "portway-it-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CompletableFuture<EmbeddedKafkaServer> kafka =
                    CompletableFuture.supplyAsync(() -> EmbeddedKafkaServer.start(root.resolve("kafka"), 0));
            EmbeddedPostgresServer postgres;
            try {
                postgres = EmbeddedPostgresServer.start(root.resolve("postgres"), 0);
            } catch (RuntimeException e) {
                kafka.thenAccept(EmbeddedKafkaServer::close);
                throw e;
            }
            EmbeddedKafkaServer broker;
            try {
                broker = kafka.join();
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
            return new Servers(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password(),
                    broker.bootstrapServers(), () -> {
                        try {
                            broker.close();
                        } finally {
                            postgres.close();
                            Directories.deleteRecursively(root);
                        }
                    }, "embedded " + postgres + ", " + broker);
        }
    }
}
