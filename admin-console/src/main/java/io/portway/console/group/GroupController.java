package io.portway.console.group;

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
import java.util.Set;
import java.util.stream.Collectors;

/** Send port groups: the list, properties with the filter grid, members, and lifecycle actions. */
@Controller
@RequestMapping("/send-port-groups")
class GroupController {

    private final PortwayServices services;

    GroupController(PortwayServices services) {
        this.services = services;
    }

    /** A row of the list, a member with its remove button. */
    record GroupRow(SendPortGroup group, List<Action> actions) {
    }

    record MemberRow(SendPortGroup.Member member, Action remove) {
    }

    @GetMapping
    String list(@RequestParam(required = false) String application, @RequestParam(required = false) String status,
            Model model) {
        Filters filters = Filters.of("application", application, "status", status);
        List<SendPortGroup> groups = Page.all(services.query(), "/api/send-port-groups", filters,
                SendPortGroup.class, 100);
        model.addAttribute("groups", groups.stream()
                .filter(group -> Filters.nonBlank(application).map(group.application()::equals).orElse(true))
                .filter(group -> Filters.nonBlank(status).map(wanted -> group.status() != null
                        && group.status().name().equals(wanted)).orElse(true))
                .map(group -> new GroupRow(group, LifecycleActions.forGroup(group.status(), group.memberStatuses())))
                .toList());
        model.addAttribute("chosenApplication", application);
        model.addAttribute("status", status);
        model.addAttribute("statuses", ArtifactStatus.values());
        model.addAttribute("back", filters.link("/send-port-groups"));
        return "groups";
    }

    @GetMapping("/new")
    String create(Model model) {
        return form(model, null, new GroupForm("", "", "Default", FilterGrid.of(null), 0), FieldErrors.NONE, null);
    }

    @PostMapping
    String created(@RequestParam Map<String, String> params, Model model, RedirectAttributes redirect) {
        GroupForm form = GroupForm.parse(params);
        if (params.containsKey("addRows")) {
            return form(model, null, form.withSpareFilterRows(FilterGrid.SPARE_ROWS), FieldErrors.NONE, null);
        }
        try {
            services.command().post().uri("/api/send-port-groups").contentType(MediaType.APPLICATION_JSON)
                    .body(form.toJson(List.of())).retrieve().toBodilessEntity();
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Send port group " + form.name() + " created."));
            return "redirect:" + path(form.name());
        } catch (ApiProblem problem) {
            return refused(model, null, form, problem);
        }
    }

    @GetMapping("/{name}")
    String properties(@PathVariable String name, Model model) {
        SendPortGroup group = load(name);
        return form(model, group, new GroupForm(group.name(), nullToEmpty(group.description()),
                nullToEmpty(group.application()), FilterGrid.of(group.filter()), group.version()), FieldErrors.NONE, null);
    }

    @PostMapping("/{name}")
    String configured(@PathVariable String name, @RequestParam Map<String, String> params, Model model,
            RedirectAttributes redirect) {
        GroupForm form = GroupForm.parse(params);
        SendPortGroup group = load(name);
        if (params.containsKey("addRows")) {
            return form(model, group, form.withSpareFilterRows(FilterGrid.SPARE_ROWS), FieldErrors.NONE, null);
        }
        try {
            services.command().put().uri("/api/send-port-groups/{name}", name)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("If-Match", "\"" + form.version() + "\"")
                    .body(form.toJson(group.sendPorts().stream().map(SendPortGroup.Member::name).toList()))
                    .retrieve().toBodilessEntity();
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Send port group " + name + " saved."));
            return "redirect:" + path(name);
        } catch (ApiProblem problem) {
            return refused(model, group, form, problem);
        }
    }

    @PostMapping("/{name}/members")
    String addMember(@PathVariable String name, @RequestParam String port, RedirectAttributes redirect) {
        services.command().put().uri("/api/send-port-groups/{name}/send-ports/{port}", name, port)
                .retrieve().toBodilessEntity();
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Send port " + port + " added to " + name + "."));
        return "redirect:" + path(name);
    }

    @PostMapping("/{name}/members/{port}/remove")
    String removeMember(@PathVariable String name, @PathVariable String port, RedirectAttributes redirect) {
        services.command().delete().uri("/api/send-port-groups/{name}/send-ports/{port}", name, port)
                .retrieve().toBodilessEntity();
        redirect.addFlashAttribute(Flash.ATTRIBUTE,
                Flash.success("Send port " + port + " removed from " + name + " (the port itself is kept)."));
        return "redirect:" + path(name);
    }

    @PostMapping("/{name}/{action:enlist|start|stop|unenlist}")
    String transition(@PathVariable String name, @PathVariable String action,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        services.command().post().uri("/api/send-port-groups/{name}/{action}", name, action)
                .retrieve().toBodilessEntity();
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Send port group " + name + ": " + action + " done."));
        return Redirects.back(back, "/send-port-groups");
    }

    @PostMapping("/{name}/delete")
    String delete(@PathVariable String name, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        services.command().delete().uri("/api/send-port-groups/{name}", name).retrieve().toBodilessEntity();
        redirect.addFlashAttribute(Flash.ATTRIBUTE,
                Flash.success("Send port group " + name + " deleted; its ports stay in place."));
        return back != null && back.startsWith(path(name)) ? "redirect:/send-port-groups"
                : Redirects.back(back, "/send-port-groups");
    }

    private String refused(Model model, SendPortGroup group, GroupForm form, ApiProblem problem) {
        return form(model, group, form.withSpareFilterRows(1), FieldErrors.of(problem, form.filter()::formField),
                new Flash("error", problem.detail(), problem.code(), List.of()));
    }

    private String form(Model model, SendPortGroup group, GroupForm form, FieldErrors errors, Flash flash) {
        model.addAttribute("group", group);
        model.addAttribute("creating", group == null);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("operators", FilterGrid.OPERATORS);
        if (flash != null) {
            model.addAttribute(Flash.ATTRIBUTE, flash);
        }
        if (group != null) {
            model.addAttribute("actions", LifecycleActions.forGroup(group.status(), group.memberStatuses()));
            model.addAttribute("members", group.sendPorts().stream()
                    .map(member -> new MemberRow(member, LifecycleActions.removeMember(member.status()))).toList());
            Set<String> members = group.sendPorts().stream().map(SendPortGroup.Member::name).collect(Collectors.toSet());
            model.addAttribute("candidates", Page.all(services.query(), "/api/send-ports", Filters.NONE,
                            PortChoice.class, 100).stream()
                    .filter(PortChoice::groupable)
                    .filter(port -> !members.contains(port.name()))
                    .toList());
        }
        return "group";
    }

    private SendPortGroup load(String name) {
        return services.query().get().uri("/api/send-port-groups/{name}", name).retrieve().body(SendPortGroup.class);
    }

    private static String path(String name) {
        return UriComponentsBuilder.fromPath("/send-port-groups/{name}").buildAndExpand(name).encode().toUriString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
