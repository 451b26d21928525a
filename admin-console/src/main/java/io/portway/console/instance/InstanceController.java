package io.portway.console.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.console.api.ApiProblem;
import io.portway.console.api.Filters;
import io.portway.console.api.Page;
import io.portway.console.api.PortwayServices;
import io.portway.console.web.Flash;
import io.portway.console.web.Redirects;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.List;

/**
 * Service instances (held, suspended and the rest) by port, status and error, with resume, suspend and terminate
 * of one or many; and the routing-failure reports.
 */
@Controller
class InstanceController {

    static final List<String> STATUSES = List.of("ReadyToRun", "Active", "Scheduled", "WaitingToRetry", "Suspended",
            "SuspendedNotResumable", "Completed", "Terminated");
    private static final int MAX_PAGES = 10;

    private final PortwayServices services;

    InstanceController(PortwayServices services) {
        this.services = services;
    }

    @GetMapping("/service-instances")
    String list(@RequestParam(required = false) String sendPort, @RequestParam(required = false) String status,
            @RequestParam(required = false) String errorCode, Model model) {
        Filters filters = Filters.of("sendPort", sendPort, "status", status, "errorCode", errorCode);
        List<ServiceInstance> instances = Page.all(services.delivery(), "/api/service-instances", filters,
                ServiceInstance.class, MAX_PAGES);
        model.addAttribute("instances", instances.stream()
                .filter(instance -> Filters.nonBlank(errorCode).map(code -> code.equals(instance.reason)).orElse(true))
                .toList());
        model.addAttribute("sendPort", sendPort);
        model.addAttribute("status", status);
        model.addAttribute("errorCode", errorCode);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("back", filters.link("/service-instances"));
        return "instances";
    }

    @GetMapping("/service-instances/{id}")
    String instance(@PathVariable String id, Model model) {
        model.addAttribute("instance",
                services.delivery().get().uri("/api/service-instances/{id}", id).retrieve().body(ServiceInstance.class));
        return "instance";
    }

    @PostMapping("/service-instances/{id}/{action:resume|suspend|terminate}")
    String one(@PathVariable String id, @PathVariable String action, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        ServiceInstance instance = services.delivery().post().uri("/api/service-instances/{id}/{action}", id, action)
                .retrieve().body(ServiceInstance.class);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Service instance " + id + ": " + action + " done"
                + (instance == null || instance.status == null ? "." : ", now " + instance.status + ".")));
        return Redirects.back(back, "/service-instances");
    }

    /** Resume, suspend or terminate the selected instances ({@code ids}). */
    @PostMapping("/service-instances/selected/{action:resume|suspend|terminate}")
    String selected(@PathVariable String action, @RequestParam(name = "ids", required = false) List<String> ids,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("Select at least one service instance first."));
            return Redirects.back(back, "/service-instances");
        }
        if (action.equals("suspend")) {
            List<String> refused = new ArrayList<>();
            for (String id : ids) {
                try {
                    services.delivery().post().uri("/api/service-instances/{id}/suspend", id).retrieve()
                            .toBodilessEntity();
                } catch (ApiProblem problem) {
                    refused.add(id + ": " + problem.detail());
                }
            }
            redirect.addFlashAttribute(Flash.ATTRIBUTE, refused.isEmpty()
                    ? Flash.success(ids.size() + " service instance(s) suspended.")
                    : new Flash("error", (ids.size() - refused.size()) + " suspended, " + refused.size() + " refused:",
                            null, refused));
            return Redirects.back(back, "/service-instances");
        }
        ObjectNode filter = JsonNodeFactory.instance.objectNode();
        filter.putArray("ids").addAll(ids.stream().map(JsonNodeFactory.instance::textNode).toList());
        return bulk(action, filter, back, redirect);
    }

    /** Resume or terminate every instance matching the filter (the API's bulk operation). */
    @PostMapping("/service-instances/matching/{action:resume|terminate}")
    String matching(@PathVariable String action, @RequestParam(required = false) String sendPort,
            @RequestParam(required = false) String status, @RequestParam(required = false) String errorCode,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        Filters filters = Filters.of("sendPort", sendPort, "status", status, "errorCode", errorCode);
        if (filters.values().isEmpty()) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE,
                    Flash.error("Choose a send port, status or error first: a bulk " + action
                            + " without a filter would touch every instance."));
            return Redirects.back(back, "/service-instances");
        }
        ObjectNode filter = JsonNodeFactory.instance.objectNode();
        filters.values().forEach(filter::put);
        return bulk(action, filter, back, redirect);
    }

    @GetMapping("/routing-failures")
    String routingFailures(Model model) {
        List<JsonNode> reports = Page.all(services.delivery(), "/api/routing-failures", Filters.NONE,
                JsonNode.class, MAX_PAGES);
        model.addAttribute("reports", reports);
        List<String> columns = new ArrayList<>();
        for (JsonNode report : reports) {
            report.fieldNames().forEachRemaining(name -> {
                if (!columns.contains(name)) {
                    columns.add(name);
                }
            });
        }
        model.addAttribute("columns", columns);
        return "routing-failures";
    }

    private String bulk(String action, ObjectNode filter, String back, RedirectAttributes redirect) {
        JsonNode counts = services.delivery().post().uri("/api/service-instances/{action}", action)
                .contentType(MediaType.APPLICATION_JSON).body(filter).retrieve().body(JsonNode.class);
        List<String> lines = new ArrayList<>();
        if (counts != null && counts.isObject()) {
            counts.fields().forEachRemaining(entry -> lines.add(entry.getKey() + ": " + entry.getValue().asText()));
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Bulk " + action + " done.", lines));
        return Redirects.back(back, "/service-instances");
    }

}
