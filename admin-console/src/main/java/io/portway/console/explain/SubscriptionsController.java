package io.portway.console.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.console.api.Filters;
import io.portway.console.api.Page;
import io.portway.console.api.PortwayServices;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.ArrayList;
import java.util.List;

/**
 * "Subscriptions", BizTalk's Subscription Viewer done right: every enlisted port and group (from the query service)
 * with its filter in readable form, its state and how a message reaches it.
 */
@Controller
class SubscriptionsController {

    private static final int MAX_PAGES = 100;

    private final PortwayServices services;

    SubscriptionsController(PortwayServices services) {
        this.services = services;
    }

    /** One enlisted port or group as the page shows it. */
    record Subscription(String kind, String name, String status, String filter, List<String> reachedBy) {
    }

    @GetMapping("/subscriptions")
    String subscriptions(Model model) {
        List<Subscription> subscriptions = new ArrayList<>();
        for (JsonNode port : enlisted("/api/send-ports")) {
            List<String> routes = new ArrayList<>();
            port.path("groups").forEach(group -> routes.add("group " + group.asText()));
            routes.add("address (Portway.SendPort)");
            subscriptions.add(subscription("Send port", port, routes));
        }
        for (JsonNode group : enlisted("/api/send-port-groups")) {
            List<String> members = new ArrayList<>();
            group.path("sendPorts").forEach(member -> members.add(member.path("name").asText()));
            subscriptions.add(subscription("Send port group", group, List.of("address (Portway.SendPortGroup)",
                    "fans out to " + (members.isEmpty() ? "no port" : String.join(", ", members)))));
        }
        model.addAttribute("subscriptions", subscriptions);
        return "subscriptions";
    }

    /** The ports or groups at {@code path} that are enlisted (not Bound): those that subscribe. */
    private List<JsonNode> enlisted(String path) {
        return Page.all(services.query(), path, Filters.NONE, JsonNode.class, MAX_PAGES).stream()
                .filter(artifact -> !"Bound".equals(artifact.path("status").asText()))
                .toList();
    }

    /** A port or group as subscribed: through its filter if it has one, then through {@code routes}. */
    private static Subscription subscription(String kind, JsonNode artifact, List<String> routes) {
        String filter = readable(artifact.path("filter"));
        List<String> reached = new ArrayList<>();
        if (!filter.isEmpty()) {
            reached.add("its filter");
        }
        reached.addAll(routes);
        return new Subscription(kind, artifact.path("name").asText(), artifact.path("status").asText(), filter,
                reached);
    }

    /** {@code (A == 1 and B exists) or (C > 5)}; empty for no filter. */
    static String readable(JsonNode filter) {
        List<String> conjunctions = new ArrayList<>();
        filter.forEach(conjunction -> {
            List<String> statements = new ArrayList<>();
            conjunction.forEach(statement -> statements.add(statement.path("property").asText() + " "
                    + statement.path("operator").asText()
                    + (statement.hasNonNull("value") ? " " + statement.path("value").asText() : "")));
            if (!statements.isEmpty()) {
                conjunctions.add(statements.size() == 1 ? statements.get(0)
                        : "(" + String.join(" and ", statements) + ")");
            }
        });
        return String.join(" or ", conjunctions);
    }
}
