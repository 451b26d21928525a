package io.portway.console.sendport;

import io.portway.console.api.ApiProblem;
import io.portway.console.api.Filters;
import io.portway.console.api.Page;
import io.portway.console.api.PortwayServices;
import io.portway.console.filter.FilterGrid;
import io.portway.console.lifecycle.Action;
import io.portway.console.lifecycle.LifecycleActions;
import io.portway.console.web.FieldErrors;
import io.portway.console.web.Flash;
import io.portway.console.web.Redirects;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPipeline;
import io.portway.events.TransportType;
import io.portway.messaging.SendPortView;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The send ports table with its lifecycle actions, and the send port properties dialog. */
@Controller
@RequestMapping("/send-ports")
class SendPortController {

    private final PortwayServices services;

    SendPortController(PortwayServices services) {
        this.services = services;
    }

    @GetMapping
    String list(@RequestParam(required = false) String application, @RequestParam(required = false) String status,
            @RequestParam(required = false) String transportType, Model model) {
        Filters filters = Filters.of("application", application, "status", status, "transportType", transportType);
        List<SendPortView> ports = Page.all(services.query(), "/api/send-ports", filters, SendPortView.class, 100);
        model.addAttribute("ports", ports.stream()
                .map(port -> new PortRow(port, LifecycleActions.forPort(port.status(), port.groups())))
                .toList());
        model.addAttribute("chosenApplication", application);
        model.addAttribute("status", status);
        model.addAttribute("transportType", transportType);
        model.addAttribute("applications", applications());
        model.addAttribute("statuses", ArtifactStatus.values());
        model.addAttribute("transportTypes", TransportType.values());
        model.addAttribute("back", filters.link("/send-ports"));
        return "send-ports";
    }

    /** A row of the table: the port and its lifecycle buttons. */
    record PortRow(SendPortView port, List<Action> actions) {
    }

    @GetMapping("/new")
    String create(Model model) {
        return form(model, SendPortForm.blank(), true, FieldErrors.NONE, null);
    }

    @PostMapping
    String created(@RequestParam Map<String, String> params, Model model, RedirectAttributes redirect) {
        SendPortForm form = SendPortForm.parse(params);
        if (params.containsKey("addRows")) {
            return form(model, form.withSpareFilterRows(FilterGrid.SPARE_ROWS), true, FieldErrors.NONE, null);
        }
        try {
            SendPortView port = services.command().post().uri("/api/send-ports")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(form.toJson())
                    .retrieve().body(SendPortView.class);
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Send port " + form.name() + " created"
                    + (port == null ? "." : " (" + port.status() + ", version " + port.version() + ").")));
            if (port != null) {
                awaitReadModel(form.name(), port.version());
            }
            return "redirect:/send-ports/" + encode(form.name());
        } catch (ApiProblem problem) {
            return refusedForm(model, form, true, problem);
        }
    }

    @GetMapping("/{name}")
    String properties(@PathVariable String name, Model model) {
        SendPortView port = load(name);
        model.addAttribute("port", port);
        model.addAttribute("actions", LifecycleActions.forPort(port.status(), port.groups()));
        return form(model, SendPortForm.of(port), false, FieldErrors.NONE, null);
    }

    @PostMapping("/{name}")
    String configured(@PathVariable String name, @RequestParam Map<String, String> params, Model model,
            RedirectAttributes redirect) {
        SendPortForm form = SendPortForm.parse(params);
        if (params.containsKey("addRows")) {
            addPort(name, model);
            return form(model, form.withSpareFilterRows(FilterGrid.SPARE_ROWS), false, FieldErrors.NONE, null);
        }
        try {
            SendPortView port = services.command().put().uri("/api/send-ports/{name}", name)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("If-Match", "\"" + form.version() + "\"")
                    .body(form.toJson())
                    .retrieve().body(SendPortView.class);
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Send port " + name + " saved"
                    + (port == null ? "." : " (version " + port.version() + ").")));
            if (port != null) {
                awaitReadModel(name, port.version());
            }
            return "redirect:/send-ports/" + encode(name);
        } catch (ApiProblem problem) {
            addPort(name, model);
            return refusedForm(model, form, false, problem);
        }
    }

    @PostMapping("/{name}/{action:enlist|start|stop|unenlist}")
    String transition(@PathVariable String name, @PathVariable String action,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        Transition result = services.command().post().uri("/api/send-ports/{name}/{action}", name, action)
                .retrieve().body(Transition.class);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Send port " + name + ": " + action + " done"
                + (result == null ? "." : ", now " + result.status() + " (version " + result.version() + ").")));
        if (result != null) {
            awaitReadModel(name, result.version());
        }
        return Redirects.back(back, "/send-ports");
    }

    @PostMapping("/{name}/delete")
    String delete(@PathVariable String name, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        services.command().delete().uri("/api/send-ports/{name}", name).retrieve().toBodilessEntity();
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Send port " + name + " deleted."));
        return back != null && back.startsWith("/send-ports/" + name) ? "redirect:/send-ports"
                : Redirects.back(back, "/send-ports");
    }

    /** The answer of a lifecycle action. */
    record Transition(String name, ArtifactStatus status, long version) {
    }

    private String refusedForm(Model model, SendPortForm form, boolean creating, ApiProblem problem) {
        return form(model, form.withSpareFilterRows(1), creating, FieldErrors.of(problem, form.filter()::formField),
                new Flash("error", problem.detail(), problem.code(), List.of()));
    }

    private String form(Model model, SendPortForm form, boolean creating, FieldErrors errors, Flash flash) {
        model.addAttribute("form", form);
        model.addAttribute("creating", creating);
        model.addAttribute("errors", errors);
        model.addAttribute("errorTab", errors.byField().keySet().stream().filter(field -> !field.isEmpty())
                .map(SendPortForm::tabOf).findFirst().orElse(""));
        model.addAttribute("transportTypes", TransportType.values());
        model.addAttribute("pipelines", SendPipeline.values());
        model.addAttribute("operators", FilterGrid.OPERATORS);
        model.addAttribute("applications", creating ? applications() : List.of());
        if (flash != null) {
            model.addAttribute(Flash.ATTRIBUTE, flash);
        }
        return "send-port";
    }

    private void addPort(String name, Model model) {
        SendPortView port = load(name);
        model.addAttribute("port", port);
        model.addAttribute("actions", LifecycleActions.forPort(port.status(), port.groups()));
    }

    private SendPortView load(String name) {
        return services.query().get().uri("/api/send-ports/{name}", name).retrieve().body(SendPortView.class);
    }

    /** Names of the applications that own ports or groups, for the filter and the form's suggestions. */
    private List<String> applications() {
        TreeSet<String> names = new TreeSet<>();
        Page.all(services.query(), "/api/send-ports", Filters.NONE, SendPortView.class, 100).stream()
                .map(SendPortView::application).filter(java.util.Objects::nonNull).forEach(names::add);
        return List.copyOf(names);
    }

    /**
     * Waits briefly until the query service shows {@code version} of the port, so that the next page shows the
     * change (read models are eventually consistent).
     */
    private void awaitReadModel(String name, long version) {
        try {
            services.query().get().uri("/api/send-ports/{name}?minVersion={version}", name, version)
                    .retrieve().toBodilessEntity();
        } catch (RuntimeException notYet) {
            // the page shows what the read model has; a reload shows the rest
        }
    }

    private static String encode(String name) {
        return UriComponentsBuilder.fromPath("").pathSegment(name).build().encode().toUriString().substring(1);
    }
}
