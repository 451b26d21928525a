package io.portway.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.stack.PortwayStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard and alert rules in ops/ parse, and every metric they name is exposed by the running services'
 * /actuator/prometheus, except the few listed in {@link #NOT_YET_EXPOSED}: metrics the rules need that the services
 * do not have yet (their rules stay silent until then; once a service exposes one, this test asks to drop it from
 * the list).
 */
@ExtendWith(SharedStack.class)
class OpsMetricsIT {

    static final Path OPS = SharedStack.ROOT.resolve("ops");

    /** Needed by ops/ but not exposed by any service yet. */
    static final Set<String> NOT_YET_EXPOSED = Set.of();

    /** Made by Prometheus itself, not by a target. */
    static final Set<String> PROMETHEUS = Set.of("up");

    static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "and", "or", "unless", "offset");

    @TempDir
    static Path out;

    static PortwayStack stack;

    @BeforeAll
    static void deliverOneMessage() {
        stack = SharedStack.stack();
        Api admin = Api.of(stack.serviceUrl("port-command-service").orElseThrow(), "admin");
        Api publisher = Api.of(stack.serviceUrl("delivery-service").orElseThrow(), "publisher");
        assertThat(admin.post("/api/send-ports", """
                {"name":"Ops.Probe","application":"Ops",
                 "primaryTransport":{"type":"FILE","address":"%s/%%MessageID%%.txt"},
                 "filter":[[{"property":"Ops.Probe","operator":"exists"}]]}"""
                .formatted(out.toUri().toString().replaceAll("/$", ""))).status()).isEqualTo(201);
        assertThat(admin.post("/api/send-ports/Ops.Probe/start", "").status()).isEqualTo(200);
        // the delivery service learns of the started port through Kafka: publish until it routes to it
        String id = "ops-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> publisher.post(
                "/api/messages", """
                        {"id":"%s","context":{"Ops.Probe":"yes"},"body":"probe"}""".formatted(id)).status() == 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(out.resolve(id + ".txt")).exists());
    }

    @Test
    void the_alert_rules_parse_and_each_has_a_severity_and_a_summary() {
        List<Map<String, Object>> rules = rules();

        assertThat(rules).extracting(rule -> rule.get("alert")).contains("PortwayServiceDown", "PortwayNotReady",
                "PortwayProjectionLagHigh", "PortwayRoutingLagHigh", "PortwayEventGap", "PortwayHeldInstancesOld",
                "PortwaySuspendedInstances", "PortwayDeadLetteredRecords", "PortwayDeliveryLatencyHigh",
                "PortwayDeliveryErrorRateHigh");
        rules.forEach(rule -> {
            assertThat(rule).as(String.valueOf(rule.get("alert"))).containsKeys("expr", "labels", "annotations");
            assertThat(DockerComposeTest.asMap(rule.get("labels"))).containsKey("severity");
            assertThat(DockerComposeTest.asMap(rule.get("annotations"))).containsKey("summary");
        });
    }

    @Test
    void every_metric_the_dashboard_and_the_alerts_name_is_exposed_by_a_service() throws Exception {
        Set<String> exposed = new TreeSet<>();
        for (String service : List.of("port-command-service", "port-query-service", "delivery-service")) {
            exposed.addAll(scrape(stack.serviceUrl(service).orElseThrow()));
        }
        Set<String> named = new TreeSet<>();
        dashboardExpressions().forEach(expression -> named.addAll(metricNames(expression)));
        rules().forEach(rule -> named.addAll(metricNames(String.valueOf(rule.get("expr")))));

        assertThat(named).as("metrics named in ops/").contains("portway_delivery_latency_seconds_bucket",
                "portway_projection_lag_seconds", "portway_events_open_gaps", "portway_delivery_instances");
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(exposed);
        missing.removeAll(PROMETHEUS);
        assertThat(missing).as("named in ops/ but exposed by no service (exposed: %s)", exposed)
                .isEqualTo(new TreeSet<>(NOT_YET_EXPOSED));
        if (!NOT_YET_EXPOSED.isEmpty()) {
            assertThat(exposed).as("exposed now: drop them from NOT_YET_EXPOSED")
                    .doesNotContainAnyElementsOf(NOT_YET_EXPOSED);
        }
    }

    @Test
    void the_prometheus_configuration_scrapes_every_service_and_loads_the_rules() {
        Map<String, Object> configuration = DockerComposeTest.yaml(OPS.resolve("prometheus/prometheus.yml"));

        assertThat(String.valueOf(configuration.get("rule_files"))).isEqualTo("[portway-alerts.yml]");
        assertThat(String.valueOf(configuration.get("scrape_configs"))).contains("localhost:8081", "localhost:8082",
                "localhost:8083", "metrics_path=/actuator/prometheus");
    }

    /** The metric names in a PromQL expression: identifiers that are not functions, keywords or label names. */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String rest = bare.substring(matcher.end()).stripLeading();
            if (!KEYWORDS.contains(matcher.group()) && !rest.startsWith("(")) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(OPS.resolve("grafana/portway-dashboard.json").toFile());
        assertThat(dashboard.path("title").asText()).isEqualTo("Portway");
        assertThat(dashboard.path("panels")).isNotEmpty();
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        assertThat(expressions).isNotEmpty();
        return expressions;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        try (Reader reader = Files.newBufferedReader(OPS.resolve("prometheus/portway-alerts.yml"))) {
            Map<String, Object> file = new Yaml().load(reader);
            List<Map<String, Object>> rules = new ArrayList<>();
            ((List<Map<String, Object>>) file.get("groups"))
                    .forEach(group -> rules.addAll((List<Map<String, Object>>) group.get("rules")));
            return rules;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> scrape(URI service) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                service.resolve("/actuator/prometheus")).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(service + "/actuator/prometheus").isEqualTo(200);
        Set<String> names = new TreeSet<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }
}
