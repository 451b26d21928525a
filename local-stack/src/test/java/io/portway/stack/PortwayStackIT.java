package io.portway.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PortwayStackIT {

    private static final Service FAKE = new Service("fake-service", 0);

    @TempDir
    Path dataDir;

    @TempDir
    Path repositoryRoot;

    @Test
    void startsInfrastructureAndServicesAndLeavesNoProcessBehind() throws Exception {
        buildFakeServiceJar();
        List<ProcessHandle> children;
        try (PortwayStack stack = stack().start()) {
            try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
                 Statement statement = db.createStatement()) {
                assertThat(db.getCatalog()).isEqualTo("portway");
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("stack-it", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }

            assertThat(stack.services()).containsExactly("fake-service");
            URI health = stack.serviceUrl("fake-service").orElseThrow().resolve("/actuator/health");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            Path keyFile = dataDir.resolve("secrets.key");
            String log = Files.readString(stack.logDirectory().resolve("fake-service.log"));
            assertThat(log).contains("arg --spring.profiles.active=local",
                            "arg --server.address=127.0.0.1",
                            "env PORTWAY_DB_URL=" + stack.jdbcUrl(),
                            "env PORTWAY_KAFKA_BOOTSTRAP_SERVERS=" + stack.kafkaBootstrapServers(),
                            "env PORTWAY_HTTP_PORT=" + stack.serviceUrl("fake-service").orElseThrow().getPort(),
                            "env PORTWAY_DB_PASSWORD set true",
                            "env users admin,PUBLISHER password set true secrets key file " + keyFile)
                    .doesNotContain("{noop}").doesNotContain("password=");
            PortwayStack.Instance second = stack.launchInstance(FAKE, List.of("--portway.extra=2"));
            assertThat(stack.instances("fake-service")).hasSize(2).last().isEqualTo(second);
            assertThat(second.url()).isNotEqualTo(stack.serviceUrl("fake-service").orElseThrow());
            assertThat(Files.readString(stack.logDirectory().resolve("fake-service-" + second.url().getPort() + ".log")))
                    .contains("env PORTWAY_HTTP_PORT=" + second.url().getPort(), "env PORTWAY_DB_URL=" + stack.jdbcUrl(),
                            "arg --portway.extra=2");
            assertThat(stack.describe()).contains("fake-service", "admin/admin ADMIN", dataDir.toString(),
                    "127.0.0.1 (this machine only");

            String key = Files.readString(keyFile).strip();
            assertThat(Base64.getDecoder().decode(key)).hasSize(32);
            if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                        .isEqualTo("rw-------");
            }
            for (long pid : stack.servicePids()) {
                ProcessHandle.Info info = ProcessHandle.of(pid).orElseThrow().info();
                String arguments = String.join(" ", info.arguments().orElseThrow(
                        () -> new AssertionError("cannot read the arguments of " + pid)));
                assertThat(arguments).as("what ps shows of a service").contains("--server.address=127.0.0.1")
                        .doesNotContain("{noop}").doesNotContain("password").doesNotContain(key);
                if (stack.jdbcPassword() != null && !stack.jdbcPassword().isEmpty()) {
                    assertThat(arguments).doesNotContain(stack.jdbcPassword());
                }
            }

            children = ProcessHandle.current().children().toList();
            assertThat(children).extracting(ProcessHandle::pid).containsAll(stack.servicePids());
            assertThat(postgresProcesses()).as("the postmaster and its workers").isNotEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(postgresProcesses()).isEmpty();
        });

        String keyBefore = Files.readString(dataDir.resolve("secrets.key"));
        try (PortwayStack again = PortwayStack.builder(dataDir).repositoryRoot(repositoryRoot)
                .postgresPort(0).kafkaPort(0).services(List.of()).start();
             Connection db = DriverManager.getConnection(again.jdbcUrl(), again.jdbcUser(), again.jdbcPassword());
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM kept");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, again.kafkaBootstrapServers()))) {
            assertThat(Files.readString(again.secretsKeyFile())).as("the key is kept between runs")
                    .isEqualTo(keyBefore);
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("stack-it");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(postgresProcesses()).isEmpty();
        });
    }

    @Test
    void aServiceThatDiesIsReportedWithItsLogAndEverythingIsStopped() throws Exception {
        Path jar = FAKE.execJar(repositoryRoot, version());
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not a jar");
        try {
            // the infrastructure is not what this test is about: external addresses nobody listens on
            stack().externalPostgres("jdbc:postgresql://127.0.0.1:1/none", "none", "none")
                    .externalKafka("127.0.0.1:1")
                    .start()
                    .close();
            throw new AssertionError("start should have failed");
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessageContaining("fake-service exited").hasMessageContaining("fake-service.log");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(postgresProcesses()).isEmpty();
        });
    }

    /** PostgreSQL runs detached from this JVM (pg_ctl): find it by its data directory on the command line. */
    private List<ProcessHandle> postgresProcesses() {
        String postgresDir = dataDir.resolve("postgres").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(postgresDir)).orElse(false))
                .toList();
    }

    private StackBuilder stack() {
        return PortwayStack.builder(dataDir)
                .repositoryRoot(repositoryRoot)
                .postgresPort(0)
                .kafkaPort(0)
                .services(List.of(FAKE))
                .freeServicePorts()
                .jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    private void buildFakeServiceJar() throws IOException {
        Path jar = FAKE.execJar(repositoryRoot, version());
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream classFile = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }

    private static String version() throws IOException {
        try (InputStream in = PortwayStack.class.getResourceAsStream("stack.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }
}
