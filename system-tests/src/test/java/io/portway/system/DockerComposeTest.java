package io.portway.system;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be started on machines without a Docker engine, so its structure is checked here
 * against the services' own configuration: every service is built from a module that exists, listens where
 * its application.yml says, waits for healthy infrastructure, has a health check, and gets every secret from
 * the environment.
 */
class DockerComposeTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("port-command-service", "port-query-service", "delivery-service");
    static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("(?:\\$\\{[^:}]+:)+(\\d+)}+");
    static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Z_]+:\\?[^}]*}");

    final Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));

    @Test
    void every_service_is_built_from_its_module_and_listens_on_its_configured_port() throws IOException {
        for (String service : SERVICES) {
            Map<String, Object> definition = service(service);
            assertThat(ROOT.resolve(service).resolve("pom.xml")).as(service + " module").exists();
            assertThat(path(definition, "build", "args", "MODULE")).isEqualTo(service);
            Object port = path(environment(definition), "PORTWAY_HTTP_PORT");
            assertThat(port).as(service + " PORTWAY_HTTP_PORT").isEqualTo(configuredPort(service));
            assertThat(String.valueOf(definition.get("ports"))).as(service + " ports")
                    .isEqualTo("[" + port + ":" + port + "]");
            assertThat(String.valueOf(definition.get("image"))).as(service + " image").matches(".+:\\d+\\.\\d+\\.\\d+");
        }
    }

    @Test
    void services_start_only_after_healthy_infrastructure_and_report_their_own_readiness() {
        for (String service : SERVICES) {
            Map<String, Object> definition = service(service);
            assertThat(path(definition, "depends_on", "postgres", "condition")).isEqualTo("service_healthy");
            assertThat(path(definition, "depends_on", "kafka", "condition")).isEqualTo("service_healthy");
            assertThat(String.valueOf(path(definition, "healthcheck", "test")))
                    .contains("/actuator/health/readiness");
        }
        for (String infrastructure : List.of("postgres", "kafka")) {
            assertThat(service(infrastructure)).containsKey("healthcheck");
            assertThat(String.valueOf(service(infrastructure).get("image")))
                    .as("pinned tag of " + infrastructure).matches("[a-z/]+:\\d+\\.\\d+(\\.\\d+)?");
        }
    }

    @Test
    void the_services_read_every_variable_compose_gives_them_by_its_portway_name() throws IOException {
        for (String service : SERVICES) {
            String configuration = Files.readString(applicationYml(service));
            Map<String, Object> environment = environment(service(service));
            assertThat(environment).containsKeys("PORTWAY_HTTP_PORT", "PORTWAY_DB_URL", "PORTWAY_DB_USER",
                    "PORTWAY_DB_PASSWORD", "PORTWAY_KAFKA_BOOTSTRAP_SERVERS", "PORTWAY_SECURITY_USERS_0_PASSWORD");
            for (String name : List.of("PORTWAY_HTTP_PORT", "PORTWAY_DB_URL", "PORTWAY_DB_USER", "PORTWAY_DB_PASSWORD",
                    "PORTWAY_KAFKA_BOOTSTRAP_SERVERS")) {
                assertThat(configuration).as(service + " reads " + name).contains("${" + name + ":");
            }
            assertThat(environment.keySet()).as(service + ": one naming scheme (README, Configuration)")
                    .allMatch(name -> name.matches("PORTWAY_[A-Z0-9_]+|JAVA_TOOL_OPTIONS"));
        }
    }

    @Test
    void the_admin_console_runs_after_the_services_it_calls_and_finds_them_by_their_compose_names()
            throws IOException {
        Map<String, Object> console = service("admin-console");
        assertThat(ROOT.resolve("admin-console/pom.xml")).exists();
        assertThat(path(console, "build", "args", "MODULE")).isEqualTo("admin-console");
        Object port = path(environment(console), "PORTWAY_HTTP_PORT");
        assertThat(port).isEqualTo(configuredPort("admin-console")).isEqualTo(8080);
        assertThat(String.valueOf(console.get("ports"))).isEqualTo("[8080:8080]");
        assertThat(String.valueOf(path(console, "healthcheck", "test"))).contains("/actuator/health/readiness");
        String configuration = Files.readString(applicationYml("admin-console"));
        for (String service : SERVICES) {
            assertThat(path(console, "depends_on", service, "condition")).as("console waits for " + service)
                    .isEqualTo("service_healthy");
            String variable = "PORTWAY_" + service.replace("port-", "").replace("-service", "").toUpperCase() + "_URL";
            assertThat(configuration).as("the console reads " + variable).contains("${" + variable + ":");
            assertThat(path(environment(console), variable)).as(variable)
                    .isEqualTo("http://" + service + ":" + configuredPort(service));
        }
        assertThat(environment(console).keySet()).as("one naming scheme")
                .allMatch(name -> name.matches("PORTWAY_[A-Z0-9_]+|JAVA_TOOL_OPTIONS"));
    }

    @Test
    void no_password_is_baked_in() {
        for (Map.Entry<String, Object> entry : services().entrySet()) {
            environment(asMap(entry.getValue())).forEach((key, value) -> {
                if (key.contains("PASSWORD")) {
                    assertThat(String.valueOf(value)).as(entry.getKey() + " " + key).matches(REQUIRED_VARIABLE);
                }
            });
        }
    }

    Object configuredPort(String service) throws IOException {
        Map<String, Object> yaml = yaml(applicationYml(service));
        String port = String.valueOf(path(yaml, "server", "port"));
        Matcher matcher = PLACEHOLDER_DEFAULT.matcher(port);
        return Integer.valueOf(matcher.matches() ? matcher.group(1) : port);
    }

    static Path applicationYml(String service) {
        return ROOT.resolve(service).resolve("src/main/resources/application.yml");
    }

    Map<String, Object> services() {
        return asMap(compose.get("services"));
    }

    Map<String, Object> service(String name) {
        assertThat(services()).as("docker-compose services").containsKey(name);
        return asMap(services().get(name));
    }

    static Map<String, Object> environment(Map<String, Object> definition) {
        Object environment = definition.get("environment");
        return environment == null ? Map.of() : asMap(environment);
    }

    static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            assertThat(current).as("parent of " + key).isInstanceOf(Map.class);
            current = asMap(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    static Map<String, Object> yaml(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            // the first document of a multi-document file holds the defaults
            return new Yaml().loadAll(reader).iterator().next() instanceof Map<?, ?> first
                    ? asMap(first) : Map.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
