package io.portway.system;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.portway.system.DockerComposeTest.asMap;
import static io.portway.system.DockerComposeTest.path;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes cannot be applied without a cluster, so, as DockerComposeTest does for compose, its manifests
 * are checked against the services' own configuration: a Deployment and a Service per module, on the port its
 * application.yml listens on, probes on the actuator health groups that the service enables, configuration from
 * the ConfigMap and every secret from the Secret.
 */
class KubernetesManifestsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");
    static final List<String> SERVICES =
            List.of("port-command-service", "port-query-service", "delivery-service", "admin-console");
    static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("(?:\\$\\{[^:}]+:)+(\\d+)}+");

    final List<Map<String, Object>> applied = documents(kustomizationResources());
    final Map<String, Object> configMap = one("ConfigMap", "portway-config");
    final Map<String, Object> secretExample = documents(List.of(MANIFESTS.resolve("secret.example.yaml"))).get(0);

    @Test
    void every_module_has_a_deployment_and_a_service_on_the_port_it_is_configured_for() throws IOException {
        for (String service : SERVICES) {
            assertThat(ROOT.resolve(service).resolve("pom.xml")).as(service + " module").exists();
            Map<String, Object> container = container(service);
            int port = configuredPort(service);
            assertThat(String.valueOf(container.get("ports"))).as(service + " container port")
                    .contains("containerPort=" + port);
            assertThat(env(container)).as(service + " PORTWAY_HTTP_PORT")
                    .containsEntry("PORTWAY_HTTP_PORT", String.valueOf(port));
            assertThat(String.valueOf(container.get("image"))).as(service + " image")
                    .isEqualTo("portway/" + service + ":0.1.0");
            Map<String, Object> kubeService = one("Service", service);
            assertThat(String.valueOf(path(kubeService, "spec", "ports"))).contains("port=" + port)
                    .contains("targetPort=http");
            assertThat(path(kubeService, "spec", "selector"))
                    .isEqualTo(path(one("Deployment", service), "spec", "selector", "matchLabels"));
            assertThat(path(one("Deployment", service), "spec", "template", "spec", "enableServiceLinks"))
                    .as(service + ": Kubernetes' service variables would collide with PORTWAY_* settings")
                    .isEqualTo(false);
        }
    }

    @Test
    void probes_use_the_actuator_health_groups_the_services_enable() throws IOException {
        for (String service : SERVICES) {
            Map<String, Object> yaml = DockerComposeTest.yaml(applicationYml(service));
            assertThat(path(yaml, "management", "endpoint", "health", "probes", "enabled")).as(service).isEqualTo(true);
            assertThat(String.valueOf(path(yaml, "management", "endpoints", "web", "exposure", "include")))
                    .as(service).contains("health").contains("prometheus");
            Map<String, Object> container = container(service);
            assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(path(one("Deployment", service), "spec", "template", "metadata", "annotations"))
                    .isEqualTo(Map.of("prometheus.io/scrape", "true", "prometheus.io/port",
                            String.valueOf(configuredPort(service)), "prometheus.io/path", "/actuator/prometheus"));
        }
    }

    @Test
    void the_services_read_every_variable_and_every_reference_resolves() throws IOException {
        Set<String> secretKeys = asMap(secretExample.get("stringData")).keySet();
        Set<String> configKeys = asMap(configMap.get("data")).keySet();
        Set<String> used = new HashSet<>();
        for (String service : SERVICES) {
            String configuration = Files.readString(applicationYml(service));
            List<Map<String, Object>> variables = variables(container(service));
            for (Map<String, Object> variable : variables) {
                String name = String.valueOf(variable.get("name"));
                assertThat(name).as(service + ": one naming scheme (README, Configuration)")
                        .matches("PORTWAY_[A-Z0-9_]+|JAVA_TOOL_OPTIONS");
                if (name.startsWith("PORTWAY_") && !name.startsWith("PORTWAY_SECURITY_USERS_")) {
                    assertThat(configuration).as(service + " reads " + name).contains("${" + name + ":");
                }
                Object secret = variable.get("valueFrom") == null ? null
                        : asMap(variable.get("valueFrom")).get("secretKeyRef");
                Object config = variable.get("valueFrom") == null ? null
                        : asMap(variable.get("valueFrom")).get("configMapKeyRef");
                if (name.contains("PASSWORD")) {
                    assertThat(secret).as(service + " " + name + " comes from the Secret").isNotNull();
                }
                if (secret != null) {
                    assertThat(asMap(secret).get("name")).isEqualTo("portway-secrets");
                    assertThat(secretKeys).as(service + " " + name).contains(String.valueOf(asMap(secret).get("key")));
                }
                if (config != null) {
                    assertThat(asMap(config).get("name")).isEqualTo("portway-config");
                    assertThat(configKeys).as(service + " " + name).contains(String.valueOf(asMap(config).get("key")));
                    used.add(String.valueOf(asMap(config).get("key")));
                }
            }
        }
        assertThat(used).as("every ConfigMap key is used").containsExactlyInAnyOrderElementsOf(configKeys);
        assertThat(applied).as("the example Secret is not applied")
                .noneMatch(document -> "Secret".equals(document.get("kind")));
    }

    @Test
    void the_console_reaches_the_services_by_their_kubernetes_names() throws IOException {
        Map<String, Object> data = asMap(configMap.get("data"));
        for (String service : List.of("port-command-service", "port-query-service", "delivery-service")) {
            String key = service.replace("port-", "").replace("-service", "") + "-url";
            assertThat(data.get(key)).isEqualTo("http://" + service + ":" + configuredPort(service));
        }
    }

    int configuredPort(String service) throws IOException {
        String port = String.valueOf(path(DockerComposeTest.yaml(applicationYml(service)), "server", "port"));
        Matcher matcher = PLACEHOLDER_DEFAULT.matcher(port);
        return Integer.parseInt(matcher.matches() ? matcher.group(1) : port);
    }

    static Path applicationYml(String service) {
        return ROOT.resolve(service).resolve("src/main/resources/application.yml");
    }

    Map<String, Object> container(String service) {
        List<?> containers = (List<?>) path(one("Deployment", service), "spec", "template", "spec", "containers");
        assertThat(containers).as(service + " containers").hasSize(1);
        return asMap(containers.get(0));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> variables(Map<String, Object> container) {
        return (List<Map<String, Object>>) container.get("env");
    }

    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new java.util.HashMap<>();
        variables(container).forEach(variable -> env.put(String.valueOf(variable.get("name")),
                variable.get("value") == null ? null : String.valueOf(variable.get("value"))));
        return env;
    }

    Map<String, Object> one(String kind, String name) {
        List<Map<String, Object>> found = applied.stream()
                .filter(document -> kind.equals(document.get("kind")))
                .filter(document -> name.equals(path(document, "metadata", "name")))
                .toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    static List<Path> kustomizationResources() {
        Map<String, Object> kustomization = DockerComposeTest.yaml(MANIFESTS.resolve("kustomization.yaml"));
        List<Path> files = new ArrayList<>();
        ((List<?>) kustomization.get("resources")).forEach(resource -> files.add(MANIFESTS.resolve(resource.toString())));
        return files;
    }

    static List<Map<String, Object>> documents(List<Path> files) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file)) {
                new Yaml().loadAll(reader).forEach(document -> {
                    if (document != null) {
                        documents.add(asMap(document));
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(file + ": " + e.getMessage(), e);
            }
        }
        return documents;
    }
}
