package io.portway.console.application;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.portway.console.api.Filters;
import io.portway.console.api.Page;
import io.portway.console.api.PortwayServices;
import io.portway.console.web.Flash;
import io.portway.events.ArtifactStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Applications: counts of ports and groups by status, and starting or stopping a whole application. */
@Controller
class ApplicationController {

    private final PortwayServices services;

    ApplicationController(PortwayServices services) {
        this.services = services;
    }

    /** Just what the counts need from a port or group. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Artifact(String name, String application, ArtifactStatus status) {
    }

    /** One application's card. */
    record Application(String name, Map<ArtifactStatus, Integer> ports, Map<ArtifactStatus, Integer> groups) {

        public int portCount() {
            return ports.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int groupCount() {
            return groups.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @GetMapping("/applications")
    String list(Model model) {
        Map<String, Application> applications = new TreeMap<>();
        count(all("/api/send-ports"), applications, true);
        count(all("/api/send-port-groups"), applications, false);
        model.addAttribute("applications", List.copyOf(applications.values()));
        model.addAttribute("statuses", ArtifactStatus.values());
        return "applications";
    }

    @PostMapping("/applications/{application}/{action:start|stop}")
    String startOrStop(@PathVariable String application, @PathVariable String action, RedirectAttributes redirect) {
        JsonNode result = services.command().post().uri("/api/applications/{application}/{action}", application, action)
                .retrieve().body(JsonNode.class);
        List<String> lines = changes(result);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Application " + application + ": " + action
                + " done" + (lines.isEmpty() ? ", nothing to change." : ":"), lines));
        return "redirect:/applications";
    }

    /** "name: before → after" for each artifact of the command service's answer. */
    static List<String> changes(JsonNode result) {
        List<String> lines = new ArrayList<>();
        if (result == null) {
            return lines;
        }
        JsonNode items = result.isArray() ? result : firstArray(result).orElse(null);
        if (items == null) {
            return lines;
        }
        for (JsonNode item : items) {
            String name = text(item, "name", "artifact", "sendPort", "sendPortGroup");
            String kind = text(item, "kind", "type", "artifactKind");
            String before = text(item, "before", "from", "previousStatus");
            String after = text(item, "after", "to", "status");
            lines.add((kind.isEmpty() ? "" : kind + " ") + name + ": " + before + " → " + after);
        }
        return lines;
    }

    private static Optional<JsonNode> firstArray(JsonNode object) {
        for (JsonNode value : object) {
            if (value.isArray()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String text(JsonNode item, String... names) {
        for (String name : names) {
            JsonNode value = item.get(name);
            if (value != null && !value.isNull()) {
                if (value.isObject()) {
                    JsonNode status = value.get("status");
                    return status != null ? status.asText() : value.toString();
                }
                return value.asText();
            }
        }
        return "";
    }

    private List<Artifact> all(String path) {
        return Page.all(services.query(), path, Filters.NONE, Artifact.class, 100);
    }

    private static void count(List<Artifact> artifacts, Map<String, Application> applications, boolean ports) {
        for (Artifact artifact : artifacts) {
            String name = artifact.application() == null ? "Default" : artifact.application();
            Application application = applications.computeIfAbsent(name,
                    key -> new Application(key, zeros(), zeros()));
            if (artifact.status() != null) {
                (ports ? application.ports() : application.groups()).merge(artifact.status(), 1, Integer::sum);
            }
        }
    }

    private static Map<ArtifactStatus, Integer> zeros() {
        Map<ArtifactStatus, Integer> counts = new EnumMap<>(ArtifactStatus.class);
        for (ArtifactStatus status : ArtifactStatus.values()) {
            counts.put(status, 0);
        }
        return counts;
    }
}
