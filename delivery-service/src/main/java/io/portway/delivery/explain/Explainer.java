package io.portway.delivery.explain;

import io.portway.delivery.routing.ArtifactDefinition;
import io.portway.delivery.routing.CompiledFilter;
import io.portway.delivery.routing.GroupDefinition;
import io.portway.delivery.routing.MessageContext;
import io.portway.delivery.routing.PortDefinition;
import io.portway.delivery.routing.Route;
import io.portway.delivery.routing.RoutingTable;
import io.portway.delivery.routing.Subscriber;
import io.portway.events.ArtifactKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A dry run of routing (docs/RULES.md §4): the routes a message would get, from the same code a publish uses (the
 * filter index), and the subscriptions it missed, each with the conjunction that came closest. One counting pass over
 * the table's ports and groups under its read lock; only the {@code limit} closest misses are kept, and only theirs
 * get their failed statements listed.
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
        NearMisses misses = new NearMisses(limit, message);
        if (addressed) {
            addressedMisses(view, context, misses);
        } else {
            filterMisses(view, message, misses);
        }
        return new Explanation(routes, misses.sorted(), view.version());
    }

    private static void addressedMisses(RoutingTable.View view, Map<String, String> context, NearMisses misses) {
        addressed(view, ArtifactKind.SendPort, context.get(SEND_PORT), misses);
        addressed(view, ArtifactKind.SendPortGroup, context.get(SEND_PORT_GROUP), misses);
    }

    /** The port or group named in the message's context ({@code name} null: none). */
    private static void addressed(RoutingTable.View view, ArtifactKind kind, String name, NearMisses misses) {
        if (name == null) {
            return;
        }
        ArtifactDefinition artifact = definition(view, kind, name);
        if (artifact == null) {
            misses.offer(notFound(kind, name));
        } else {
            reached(view, artifact, misses);
        }
    }

    private static ArtifactDefinition definition(RoutingTable.View view, ArtifactKind kind, String name) {
        return kind == ArtifactKind.SendPort ? view.port(name) : view.group(name);
    }

    /**
     * A port or group the message reaches (addressed, or its filter matches): a miss when it is Bound, and a group's
     * members that do not exist or are Bound.
     */
    private static void reached(RoutingTable.View view, ArtifactDefinition artifact, NearMisses misses) {
        if (!artifact.enlisted()) {
            misses.offer(reasoned(artifact, NOT_ENLISTED));
        } else if (artifact instanceof GroupDefinition group) {
            memberMisses(view, group, misses);
        }
    }

    /**
     * A pass over every port, then every group (so a port a group also reaches keeps the reason its own filter
     * gives it), with their compiled filters, that only counts failed statements (no allocation), stopping a
     * conjunction as soon as it could no longer make the cut; a candidate enters the bounded heap only if it beats
     * its head, and the failed statements are listed only for the kept ones.
     */
    private static void filterMisses(RoutingTable.View view, MessageContext message, NearMisses misses) {
        Collection<Map.Entry<Subscriber, CompiledFilter>> filters = view.filters();
        for (ArtifactKind kind : List.of(ArtifactKind.SendPort, ArtifactKind.SendPortGroup)) {
            for (Map.Entry<Subscriber, CompiledFilter> entry : filters) {
                if (entry.getKey().kind() != kind) {
                    continue;
                }
                String name = entry.getKey().name();
                long closest = closest(entry.getValue(), message, misses.bound(name, kind.name()));
                if (closest < 0) {
                    continue;
                }
                ArtifactDefinition artifact = definition(view, kind, name);
                int failed = failedOf(closest);
                if (failed == 0) {
                    reached(view, artifact, misses);
                } else if (artifact.enlisted()) {
                    misses.offer(new NearMisses.Candidate(kind.name(), name, artifact.status().name(), null, failed,
                            entry.getValue(), conjunctionOf(closest)));
                }
            }
        }
    }

    private static void memberMisses(RoutingTable.View view, GroupDefinition group, NearMisses misses) {
        for (String member : group.members()) {
            PortDefinition port = view.port(member);
            if (port == null) {
                misses.offer(notFound(ArtifactKind.SendPort, member));
            } else if (!port.enlisted()) {
                misses.offer(reasoned(port, MEMBER_NOT_ENLISTED));
            }
        }
    }

    private static NearMiss reasoned(ArtifactDefinition artifact, String reason) {
        return new NearMiss(artifact.kind().name(), artifact.name(), artifact.status().name(), reason, List.of());
    }

    private static NearMiss notFound(ArtifactKind kind, String name) {
        return new NearMiss(kind.name(), name, null, NOT_FOUND, List.of());
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

    /**
     * The first conjunction with the fewest failed statements, as {@code failed << 32 | index} (0 failed = it
     * matches), or -1 when the filter has no conjunctions or every conjunction fails more than {@code bound}
     * statements. Counts only: nothing is allocated.
     */
    static long closest(CompiledFilter filter, MessageContext message, int bound) {
        List<CompiledFilter.Conjunction> conjunctions = filter.conjunctions();
        long best = -1;
        int most = bound;
        for (int c = 0; c < conjunctions.size(); c++) {
            List<CompiledFilter.Statement> statements = conjunctions.get(c).statements();
            int failed = 0;
            for (int s = 0; s < statements.size() && failed <= most; s++) {
                if (!statements.get(s).matches(message)) {
                    failed++;
                }
            }
            if (failed <= most) {
                best = ((long) failed << 32) | c;
                if (failed == 0) {
                    return best;
                }
                most = failed - 1;
            }
        }
        return best;
    }

    private static int failedOf(long closest) {
        return (int) (closest >>> 32);
    }

    private static int conjunctionOf(long closest) {
        return (int) closest;
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
