package io.portway.console.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.console.api.ApiProblem;
import io.portway.console.api.PortwayServices;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Explain a message": a context filled in row by row (or a routing failure's) explained by the delivery service
 * ({@code POST /api/messages/explain}): the routes it would get and the near misses, failing statements marked.
 */
@Controller
class ExplainController {

    static final int ROWS = 8;

    private final PortwayServices services;

    ExplainController(PortwayServices services) {
        this.services = services;
    }

    /** One context row of the form. */
    record Row(String property, String value) {
    }

    @GetMapping("/explain")
    String form(Model model) {
        model.addAttribute("rows", rows(List.of(), List.of()));
        return "explain";
    }

    @PostMapping("/explain")
    String explain(@RequestParam(name = "property", required = false) List<String> properties,
                   @RequestParam(name = "value", required = false) List<String> values, Model model) {
        List<String> names = properties == null ? List.of() : properties;
        List<String> given = values == null ? List.of() : values;
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).strip();
            if (!name.isEmpty()) {
                context.put(name, i < given.size() && given.get(i) != null ? given.get(i) : "");
            }
        }
        model.addAttribute("rows", rows(names, given));
        try {
            model.addAttribute("explanation", services.delivery().post().uri("/api/messages/explain")
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("context", context))
                    .retrieve().body(JsonNode.class));
        } catch (ApiProblem problem) {
            model.addAttribute("problem", problem.code() + ": " + problem.detail());
        }
        return "explain";
    }

    @GetMapping("/routing-failures/{id}/explain")
    String failure(@PathVariable String id, Model model) {
        model.addAttribute("failureId", id);
        model.addAttribute("explanation", services.delivery().get()
                .uri("/api/routing-failures/{id}/explain", id).retrieve().body(JsonNode.class));
        model.addAttribute("rows", rows(List.of(), List.of()));
        return "explain";
    }

    private static List<Row> rows(List<String> names, List<String> values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(ROWS, names.size() + 1); i++) {
            rows.add(new Row(i < names.size() ? names.get(i) : "", i < values.size() ? values.get(i) : ""));
        }
        return rows;
    }
}
