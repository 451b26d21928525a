package io.portway.console.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.console.api.Filters;
import io.portway.console.api.Page;
import io.portway.console.api.PortwayServices;
import io.portway.console.web.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An artifact's history (who, when), its state as of an instant, and the audit log of a time range. */
@Controller
class HistoryController {

    private final PortwayServices services;

    HistoryController(PortwayServices services) {
        this.services = services;
    }

    /** One event of a history, the fields the page shows. */
    record Event(long sequence, String type, String occurredAt, String principal, String correlationId, String data) {
    }

    /** One audit entry with the fields it changed. */
    record AuditEntry(String occurredAt, String artifact, String kind, String type, String principal,
            String correlationId, List<Change> changes) {
    }

    @GetMapping("/history")
    String history(@RequestParam(defaultValue = "send-port") String kind, @RequestParam(required = false) String name,
            @RequestParam(required = false) String asOf, Model model) {
        String collection = kind.equals("group") ? "send-port-groups" : "send-ports";
        model.addAttribute("kind", kind.equals("group") ? "group" : "send-port");
        model.addAttribute("name", name);
        model.addAttribute("asOf", asOf);
        if (name == null || name.isBlank()) {
            return "history";
        }
        List<JsonNode> entries = Page.all(services.query(), "/api/" + collection + "/{name}/history", Filters.NONE,
                JsonNode.class, 20, name);
        model.addAttribute("events", entries.stream().map(entry -> new Event(entry.path("sequence").asLong(),
                entry.path("type").asText(), entry.path("occurredAt").asText(), entry.path("principal").asText(),
                entry.path("correlationId").asText(), entry.path("data").toString())).toList());
        Optional<Instant> instant;
        try {
            instant = Instants.parse(asOf);
        } catch (IllegalArgumentException wrong) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.error(wrong.getMessage()));
            instant = Optional.empty();
        }
        instant.ifPresent(at -> {
            JsonNode state = services.query().get()
                    .uri(builder -> builder.path("/api/" + collection + "/{name}").queryParam("asOf", at).build(name))
                    .retrieve().body(JsonNode.class);
            model.addAttribute("stateAt", at.toString());
            model.addAttribute("state", fields(state));
        });
        return "history";
    }

    @GetMapping("/audit")
    String audit(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String artifact, Model model) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start;
        Instant end;
        try {
            start = Instants.parse(from).orElse(now.minus(1, ChronoUnit.DAYS));
            end = Instants.parse(to).orElse(now.plus(1, ChronoUnit.MINUTES));
        } catch (IllegalArgumentException wrong) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.error(wrong.getMessage()));
            start = now.minus(1, ChronoUnit.DAYS);
            end = now.plus(1, ChronoUnit.MINUTES);
        }
        List<JsonNode> entries = Page.all(services.query(), "/api/audit",
                Filters.of("from", start.toString(), "to", end.toString(), "artifact", artifact), JsonNode.class, 20);
        model.addAttribute("entries", entries.stream().map(HistoryController::auditEntry).toList());
        model.addAttribute("from", Instants.local(start));
        model.addAttribute("to", Instants.local(end));
        model.addAttribute("artifact", artifact);
        return "audit";
    }

    static AuditEntry auditEntry(JsonNode entry) {
        JsonNode before = entry.get("before");
        JsonNode after = entry.get("after");
        String artifact = first(entry, "artifact", "name", "artifactName");
        if (artifact.isEmpty()) {
            artifact = first(after != null && after.isObject() ? after : before == null ? entry : before, "name");
        }
        return new AuditEntry(first(entry, "occurredAt", "at", "time"), artifact,
                first(entry, "kind", "artifactKind", "artifactType"), first(entry, "type", "event"),
                first(entry, "principal", "user"), first(entry, "correlationId"), Change.between(before, after));
    }

    private static String first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node == null ? null : node.get(name);
            if (value != null && !value.isNull()) {
                return value.isValueNode() ? value.asText() : value.toString();
            }
        }
        return "";
    }

    /** Top-level fields of a state snapshot, values as text. */
    private static List<Map.Entry<String, String>> fields(JsonNode state) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (state == null) {
            return fields;
        }
        Iterator<Map.Entry<String, JsonNode>> all = state.fields();
        while (all.hasNext()) {
            Map.Entry<String, JsonNode> field = all.next();
            JsonNode value = field.getValue();
            fields.add(Map.entry(field.getKey(), value.isValueNode() ? value.asText() : value.toString()));
        }
        return fields;
    }
}
