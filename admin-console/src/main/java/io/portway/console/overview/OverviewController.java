package io.portway.console.overview;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.console.api.ApiProblem;
import io.portway.console.api.PortwayServices;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The console's home: ports and groups per status, held and suspended instances per port, deliveries and failures
 * per minute with the latency p99, and the services' readiness. Each panel is read on its own: a service that cannot
 * be reached turns its panels into "unreachable", the rest of the page still shows.
 */
@Controller
class OverviewController {

    /** Reasons of a held instance: it waits for a start, nothing failed. */
    private static final Set<String> HOLDS = Set.of("PORT_STOPPED", "GROUP_STOPPED");
    private static final int DETAIL_LIMIT = 300;

    private final PortwayServices services;

    OverviewController(PortwayServices services) {
        this.services = services;
    }

    /** A panel's content, or why it could not be read. */
    record Panel<T>(T content, String error) {

        boolean failed() {
            return error != null;
        }
    }

    record StatusCount(String status, long count, String link) {
    }

    record Artifacts(String label, long total, String link, List<StatusCount> byStatus) {
    }

    record Reason(String status, String reason, long count, String link) {
    }

    record PortWaiting(String sendPort, long held, long suspended, String link, List<Reason> reasons) {
    }

    record Deliveries(String svg, long delivered, long failed, Long worstP99Millis, int minutes) {
    }

    /** A service's readiness: the checks that are UP by name, the others with what they name. */
    record Readiness(String service, String url, String status, Long lag, List<String> healthy,
            List<String> components, String error) {
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("artifacts", panel("query service", this::artifacts));
        model.addAttribute("waiting", panel("delivery service", this::waiting));
        model.addAttribute("deliveries", panel("delivery service", this::deliveries));
        model.addAttribute("readiness", List.of(
                readiness("Command service", services.command(), services.properties().commandUrl().toString()),
                readiness("Query service", services.query(), services.properties().queryUrl().toString()),
                readiness("Delivery service", services.delivery(), services.properties().deliveryUrl().toString())));
        return "overview";
    }

    private List<Artifacts> artifacts() {
        JsonNode counts = services.query().get().uri("/api/overview/artifacts").retrieve().body(JsonNode.class);
        return List.of(artifacts("Send ports", "/send-ports", counts.path("sendPorts")),
                artifacts("Send port groups", "/send-port-groups", counts.path("sendPortGroups")));
    }

    private static Artifacts artifacts(String label, String path, JsonNode counts) {
        List<StatusCount> byStatus = new ArrayList<>();
        counts.path("byStatus").fields().forEachRemaining(entry -> byStatus.add(new StatusCount(entry.getKey(),
                entry.getValue().asLong(), link(path, "status", entry.getKey()))));
        return new Artifacts(label, counts.path("total").asLong(), path, byStatus);
    }

    private List<PortWaiting> waiting() {
        JsonNode rows = services.delivery().get().uri("/api/overview/held-and-suspended").retrieve()
                .body(JsonNode.class);
        Map<String, List<Reason>> byPort = new LinkedHashMap<>();
        for (JsonNode row : rows.path("items")) {
            String port = row.path("sendPort").asText();
            String status = row.path("status").asText();
            String reason = row.path("reason").isNull() ? "" : row.path("reason").asText();
            byPort.computeIfAbsent(port, key -> new ArrayList<>()).add(new Reason(status, reason,
                    row.path("count").asLong(), UriComponentsBuilder.fromPath("/service-instances")
                    .queryParam("sendPort", port).queryParam("status", status)
                    .queryParamIfPresent("errorCode", Optional.of(reason).filter(r -> !r.isEmpty()))
                    .encode().build().toUriString()));
        }
        List<PortWaiting> ports = new ArrayList<>();
        byPort.forEach((port, reasons) -> {
            long held = reasons.stream().filter(reason -> HOLDS.contains(reason.reason()))
                    .mapToLong(Reason::count).sum();
            long all = reasons.stream().mapToLong(Reason::count).sum();
            ports.add(new PortWaiting(port, held, all - held, link("/service-instances", "sendPort", port),
                    reasons));
        });
        return ports;
    }

    private Deliveries deliveries() {
        JsonNode answer = services.delivery().get().uri("/api/overview/deliveries?minutes=60").retrieve()
                .body(JsonNode.class);
        List<DeliveryChart.Minute> minutes = new ArrayList<>();
        for (JsonNode minute : answer.path("minutes")) {
            JsonNode p99 = minute.path("latencyP99Millis");
            minutes.add(new DeliveryChart.Minute(Instant.parse(minute.path("minute").asText()),
                    minute.path("delivered").asLong(), minute.path("failed").asLong(),
                    p99.isNumber() ? p99.asLong() : null));
        }
        return new Deliveries(DeliveryChart.svg(minutes),
                minutes.stream().mapToLong(DeliveryChart.Minute::delivered).sum(),
                minutes.stream().mapToLong(DeliveryChart.Minute::failed).sum(),
                minutes.stream().map(DeliveryChart.Minute::latencyP99Millis).filter(Objects::nonNull)
                        .max(Long::compare).orElse(null),
                minutes.size());
    }

    /** {@code /actuator/health/readiness}: UP or DOWN with its components (a DOWN one with what it names). */
    private Readiness readiness(String service, RestClient client, String url) {
        try {
            JsonNode health = client.get().uri("/actuator/health/readiness").exchange((request, response) -> {
                byte[] body = StreamUtils.copyToByteArray(response.getBody());
                return body.length == 0 ? null : services.json().readTree(body);
            });
            if (health == null || !health.hasNonNull("status")) {
                return new Readiness(service, url, "UNKNOWN", null, List.of(), List.of(),
                        "no readiness in its answer");
            }
            List<String> healthy = new ArrayList<>();
            List<String> components = new ArrayList<>();
            health.path("components").fields().forEachRemaining(component -> {
                String status = component.getValue().path("status").asText();
                JsonNode details = component.getValue().path("details");
                if ("UP".equals(status)) {
                    healthy.add(component.getKey());
                } else {
                    components.add(component.getKey() + ": " + status
                            + (details.isMissingNode() ? "" : " " + shorten(details.toString())));
                }
            });
            JsonNode lag = health.path("components").path("kafka").path("details").path("lag");
            return new Readiness(service, url, health.path("status").asText(), lag.isNumber() ? lag.asLong() : null,
                    healthy, components, null);
        } catch (ResourceAccessException unreachable) {
            return new Readiness(service, url, "unreachable", null, List.of(), List.of(), unreachable.getMessage());
        } catch (RestClientException unreadable) {
            return new Readiness(service, url, "UNKNOWN", null, List.of(), List.of(),
                    shorten(unreadable.getMessage()));
        }
    }

    private static <T> Panel<T> panel(String service, Supplier<T> read) {
        try {
            return new Panel<>(read.get(), null);
        } catch (ResourceAccessException unreachable) {
            return new Panel<>(null, "The " + service + " is unreachable (" + unreachable.getMessage() + ").");
        } catch (ApiProblem problem) {
            if (problem.status() == 401) {
                throw problem;
            }
            return new Panel<>(null, "The " + service + " refused (" + problem.code() + "): " + problem.detail());
        } catch (RestClientException unreadable) {
            return new Panel<>(null, "The " + service + " answered something unreadable: "
                    + shorten(unreadable.getMessage()));
        }
    }

    private static String link(String path, String parameter, String value) {
        return UriComponentsBuilder.fromPath(path).queryParam(parameter, value).encode().build().toUriString();
    }

    private static String shorten(String text) {
        return text == null || text.length() <= DETAIL_LIMIT ? text : text.substring(0, DETAIL_LIMIT) + "…";
    }
}
