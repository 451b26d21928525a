package io.portway.delivery.explain;

import io.portway.delivery.routing.CompiledFilter;
import io.portway.delivery.routing.GroupDefinition;
import io.portway.delivery.routing.MessageContext;
import io.portway.delivery.routing.PortDefinition;
import io.portway.delivery.routing.Route;
import io.portway.delivery.routing.RoutingTable;
import io.portway.delivery.routing.Subscriber;
import io.portway.events.ArtifactKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A dry run of routing (docs/RULES.md §4): the routes a message would get, from the same code a publish uses, and the
 * subscriptions it missed, each with the conjunction that came closest. One pass over the table's ports and groups
 * under its read lock; only the {@code limit} closest misses are kept.
 */
public final class Explainer {

    static final String SEND_PORT = "Portway.SendPort";
    static final String SEND_PORT_GROUP = "Portway.SendPortGroup";
    /** A port or group whose filter matches (or that the message addresses) but that is Bound. */
    static final String NOT_ENLISTED = "NOT_ENLISTED";
    /** A Bound member of a group the message reaches: it gets nothing (docs/RULES.md §4). */
    static final String MEMBER_NOT_ENLISTED = "MEMBER_NOT_ENLISTED";
    /** A port or group the message addresses, or a member of a reached group, that does not exist. */
    static final String NOT_FOUND = "NOT_FOUND";

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private static final Comparator<NearMiss> CLOSEST_FIRST = Comparator
            .comparingInt((NearMiss miss) -> miss.failed().size())
            .thenComparing(NearMiss::name)
            .thenComparing(NearMiss::kind);

    private Explainer() {
    }

    public static Explanation explain(RoutingTable table, Map<String, String> context, int limit) {
        return table.read(view -> explain(view, context, limit));
    }

    static Explanation explain(RoutingTable.View view, Map<String, String> properties, int limit) {
        Map<String, String> context = properties == null ? Map.of() : properties;
        MessageContext message = new MessageContext(context);
        boolean addressed = context.containsKey(SEND_PORT) || context.containsKey(SEND_PORT_GROUP);
        List<Explanation.RouteView> routes = new ArrayList<>();
        for (Route route : view.route(context)) {
            Integer conjunction = null;
            if (!addressed && route.via().equals("filter")) {
                conjunction = firstMatching(view.filter(Subscriber.port(route.port().name())), message);
            } else if (!addressed && route.via().startsWith(Route.GROUP_PREFIX)) {
                conjunction = firstMatching(view.filter(Subscriber.group(
                        route.via().substring(Route.GROUP_PREFIX.length()))), message);
            }
            routes.add(new Explanation.RouteView(route.port().name(), route.via(), conjunction,
                    route.delivered() ? "deliver" : "held", route.holdReason()));
        }
        Misses misses = new Misses(limit);
        if (addressed) {
            addressedMisses(view, context, misses);
        } else {
            filterMisses(view, message, misses);
        }
        return new Explanation(routes, misses.sorted(), view.version());
    }

    private static void addressedMisses(RoutingTable.View view, Map<String, String> context, Misses misses) {
        String portName = context.get(SEND_PORT);
        if (portName != null) {
            PortDefinition port = view.port(portName);
            if (port == null) {
                misses.offer(new NearMiss(ArtifactKind.SendPort.name(), portName, null, NOT_FOUND, List.of()));
            } else if (!port.enlisted()) {
                misses.offer(reasoned(port, NOT_ENLISTED));
            }
        }
        String groupName = context.get(SEND_PORT_GROUP);
        if (groupName != null) {
            GroupDefinition group = view.group(groupName);
            if (group == null) {
                misses.offer(new NearMiss(ArtifactKind.SendPortGroup.name(), groupName, null, NOT_FOUND, List.of()));
            } else if (!group.enlisted()) {
                misses.offer(reasoned(group, NOT_ENLISTED));
            } else {
                memberMisses(view, group, misses);
            }
        }
    }

    private static void filterMisses(RoutingTable.View view, MessageContext message, Misses misses) {
        for (PortDefinition port : view.ports()) {
            Closest closest = closest(view.filter(Subscriber.port(port.name())), message, misses.worstFailed());
            if (closest == null) {
                continue;
            }
            if (closest.failed().isEmpty()) {
                if (!port.enlisted()) {
                    misses.offer(reasoned(port, NOT_ENLISTED));
                }
            } else if (port.enlisted()) {
                misses.offer(new NearMiss(ArtifactKind.SendPort.name(), port.name(), port.status().name(), null,
                        closest.failed()));
            }
        }
        for (GroupDefinition group : view.groups()) {
            Closest closest = closest(view.filter(Subscriber.group(group.name())), message, misses.worstFailed());
            if (closest == null) {
                continue;
            }
            if (closest.failed().isEmpty()) {
                if (!group.enlisted()) {
                    misses.offer(reasoned(group, NOT_ENLISTED));
                } else {
                    memberMisses(view, group, misses);
                }
            } else if (group.enlisted()) {
                misses.offer(new NearMiss(ArtifactKind.SendPortGroup.name(), group.name(), group.status().name(),
                        null, closest.failed()));
            }
        }
    }

    private static void memberMisses(RoutingTable.View view, GroupDefinition group, Misses misses) {
        for (String member : group.members()) {
            PortDefinition port = view.port(member);
            if (port == null) {
                misses.offer(new NearMiss(ArtifactKind.SendPort.name(), member, null, NOT_FOUND, List.of()));
            } else if (!port.enlisted()) {
                misses.offer(reasoned(port, MEMBER_NOT_ENLISTED));
            }
        }
    }

    private static NearMiss reasoned(PortDefinition port, String reason) {
        return new NearMiss(ArtifactKind.SendPort.name(), port.name(), port.status().name(), reason, List.of());
    }

    private static NearMiss reasoned(GroupDefinition group, String reason) {
        return new NearMiss(ArtifactKind.SendPortGroup.name(), group.name(), group.status().name(), reason,
                List.of());
    }

    static Integer firstMatching(CompiledFilter filter, MessageContext message) {
        List<CompiledFilter.Conjunction> conjunctions = filter.conjunctions();
        for (int i = 0; i < conjunctions.size(); i++) {
            if (conjunctions.get(i).matches(message)) {
                return i;
            }
        }
        return null;
    }

    private record Closest(List<Failed> failed) {
    }

    /**
     * The first conjunction with the fewest failed statements (none = it matches), or null when the filter has
     * no conjunctions or every conjunction fails more than {@code bound} statements (it could not make the cut).
     */
    static Closest closest(CompiledFilter filter, MessageContext message, int bound) {
        List<Failed> best = null;
        for (CompiledFilter.Conjunction conjunction : filter.conjunctions()) {
            int most = best == null ? bound : Math.min(bound, best.size() - 1);
            List<Failed> failed = new ArrayList<>();
            for (CompiledFilter.Statement statement : conjunction.statements()) {
                if (!statement.matches(message)) {
                    if (failed.size() >= most) {
                        failed = null;
                        break;
                    }
                    failed.add(new Failed(statement.property(), statement.operator().symbol(),
                            statement.value() == null ? null : statement.value().raw(),
                            message.get(statement.property())));
                }
            }
            if (failed != null) {
                best = failed;
                if (best.isEmpty()) {
                    return new Closest(best);
                }
            }
        }
        return best == null ? null : new Closest(best);
    }

    /** The {@code limit} closest misses seen so far (a max-heap: its head is the one to drop first). */
    private static final class Misses {
        private final int limit;
        private final PriorityQueue<NearMiss> heap;
        private final Set<String> seen = new HashSet<>();

        Misses(int limit) {
            this.limit = limit;
            this.heap = new PriorityQueue<>(Math.min(limit, 64) + 1, CLOSEST_FIRST.reversed());
        }

        /** Misses with more failed statements than this cannot make the cut any more. */
        int worstFailed() {
            return heap.size() < limit ? Integer.MAX_VALUE : heap.peek().failed().size();
        }

        void offer(NearMiss miss) {
            if (!seen.add(miss.kind() + "\u0000" + miss.name())) {
                return;
            }
            heap.add(miss);
            if (heap.size() > limit) {
                heap.poll();
            }
        }

        List<NearMiss> sorted() {
            List<NearMiss> sorted = new ArrayList<>(heap);
            sorted.sort(CLOSEST_FIRST);
            return sorted;
        }
    }

    /** One failed statement: {@code actual} is null when the message lacks the property. */
    public record Failed(String property, String operator, String expected, String actual) {
    }

    /**
     * A port or group the message did not reach: the failed statements of its closest conjunction, or a
     * {@code reason} when its filter matched (or it was addressed) but it gets nothing.
     */
    public record NearMiss(String kind, String name, String status, String reason, List<Failed> failed) {
    }
}
