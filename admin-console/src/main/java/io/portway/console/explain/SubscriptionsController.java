package io.portway.console.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.console.api.Page;
import io.portway.console.api.PortwayServices;
import org.springframework.core.ParameterizedTypeReference;
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

    private static final ParameterizedTypeReference<Page<JsonNode>> ITEMS = new ParameterizedTypeReference<>() {
    };
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
        for (JsonNode port : all("/api/send-ports")) {
            if (!"Bound".equals(port.path("status").asText())) {
                List<String> reached = new ArrayList<>();
                String filter = readable(port.path("filter"));
                if (!filter.isEmpty()) {
                    reached.add("its filter");
                }
                port.path("groups").forEach(group -> reached.add("group " + group.asText()));
                reached.add("address (Portway.SendPort)");
                subscriptions.add(new Subscription("Send port", port.path("name").asText(),
                        port.path("status").asText(), filter, reached));
            }
        }
        for (JsonNode group : all("/api/send-port-groups")) {
            if (!"Bound".equals(group.path("status").asText())) {
                List<String> reached = new ArrayList<>();
                String filter = readable(group.path("filter"));
                if (!filter.isEmpty()) {
                    reached.add("its filter");
                }
                reached.add("address (Portway.SendPortGroup)");
                List<String> members = new ArrayList<>();
                group.path("sendPorts").forEach(member -> members.add(member.path("name").asText()));
                reached.add("fans out to " + (members.isEmpty() ? "no port" : String.join(", ", members)));
                subscriptions.add(new Subscription("Send port group", group.path("name").asText(),
                        group.path("status").asText(), filter, reached));
            }
        }
        model.addAttribute("subscriptions", subscriptions);
        return "subscriptions";
    }

    private List<JsonNode> all(String path) {
        return Page.all(cursor -> services.query().get()
                .uri(builder -> builder.path(path).queryParamIfPresent("cursor",
                        java.util.Optional.ofNullable(cursor).filter(c -> !c.isBlank())).build())
                .retrieve().body(ITEMS), MAX_PAGES);
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
