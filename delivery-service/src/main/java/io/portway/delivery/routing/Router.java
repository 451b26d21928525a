package io.portway.delivery.routing;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The outcome table of docs/RULES.md §4: from the subscriptions a message reached to one route per port.
 * A port reached directly delivers when Started and is held ({@code PORT_STOPPED}) when Stopped; a port reached
 * through a group delivers when both are Started, is held {@code PORT_STOPPED} when it is Stopped, held
 * {@code GROUP_STOPPED} when only the group is Stopped, and gets nothing when Bound. One route per port: delivery
 * wins over holding.
 */
final class Router {

    static final String SEND_PORT = "Portway.SendPort";
    static final String SEND_PORT_GROUP = "Portway.SendPortGroup";

    private Router() {
    }

    /**
     * @param addressed true when the message named its destination, so {@code reached} holds that artifact rather
     *                  than the subscribers whose filter matched
     */
    static List<Route> routes(Collection<Subscriber> reached, boolean addressed,
                              Function<String, PortDefinition> ports, Function<String, GroupDefinition> groups) {
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Subscriber subscriber : reached) {
            if (subscriber.kind() == ArtifactKind.SendPort) {
                PortDefinition port = ports.apply(subscriber.name());
                if (port != null && port.enlisted()) {
                    offer(routes, new Route(port, addressed ? "address" : "filter",
                            port.status() == ArtifactStatus.Started ? null : Route.PORT_STOPPED));
                }
            } else {
                GroupDefinition group = groups.apply(subscriber.name());
                if (group == null || !group.enlisted()) {
                    continue;
                }
                for (String member : group.members()) {
                    PortDefinition port = ports.apply(member);
                    if (port == null || !port.enlisted()) {
                        continue;
                    }
                    String hold = port.status() != ArtifactStatus.Started ? Route.PORT_STOPPED
                            : group.status() != ArtifactStatus.Started ? Route.GROUP_STOPPED : null;
                    offer(routes, new Route(port, "group:" + group.name(), hold));
                }
            }
        }
        return List.copyOf(routes.values());
    }

    private static void offer(Map<String, Route> routes, Route route) {
        Route existing = routes.get(route.port().name());
        if (existing == null || !existing.delivered() && route.delivered()) {
            routes.put(route.port().name(), route);
        }
    }
}
