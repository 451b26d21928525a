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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

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

    private static final String KIND_PORT = ArtifactKind.SendPort.name();
    private static final String KIND_GROUP = ArtifactKind.SendPortGroup.name();

    private static final Comparator<Candidate> CLOSEST_FIRST = Comparator
            .comparingInt(Candidate::failed)
            .thenComparing(Candidate::name)
            .thenComparing(Candidate::kind);

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
        Misses misses = new Misses(limit, message);
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

    /**
     * A pass over every port, then every group, with their compiled filters, that only counts failed statements (no
     * allocation), stopping a conjunction as soon as it could no longer make the cut; a candidate enters the bounded
     * heap only if it beats its head, and the failed statements are listed only for the kept ones.
     */
    private static void filterMisses(RoutingTable.View view, MessageContext message, Misses misses) {
        Collection<Map.Entry<Subscriber, CompiledFilter>> filters = view.filters();
        for (Map.Entry<Subscriber, CompiledFilter> entry : filters) {
            if (entry.getKey().kind() != ArtifactKind.SendPort) {
                continue;
            }
            String name = entry.getKey().name();
            long closest = closest(entry.getValue(), message, misses.bound(name, KIND_PORT));
            if (closest < 0) {
                continue;
            }
            PortDefinition port = view.port(name);
            int failed = failedOf(closest);
            if (failed == 0) {
                if (!port.enlisted()) {
                    misses.offer(reasoned(port, NOT_ENLISTED));
                }
            } else if (port.enlisted()) {
                misses.offer(new Candidate(KIND_PORT, name, port.status().name(), null, failed, entry.getValue(),
                        conjunctionOf(closest)));
            }
        }
        for (Map.Entry<Subscriber, CompiledFilter> entry : filters) {
            if (entry.getKey().kind() != ArtifactKind.SendPortGroup) {
                continue;
            }
            String name = entry.getKey().name();
            long closest = closest(entry.getValue(), message, misses.bound(name, KIND_GROUP));
            if (closest < 0) {
                continue;
            }
            GroupDefinition group = view.group(name);
            int failed = failedOf(closest);
            if (failed == 0) {
                if (!group.enlisted()) {
                    misses.offer(reasoned(group, NOT_ENLISTED));
                } else {
                    memberMisses(view, group, misses);
                }
            } else if (group.enlisted()) {
                misses.offer(new Candidate(KIND_GROUP, name, group.status().name(), null, failed, entry.getValue(),
                        conjunctionOf(closest)));
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

    /** The failed statements of one conjunction, built only for the near misses that are kept. */
    static List<Failed> failedStatements(CompiledFilter.Conjunction conjunction, MessageContext message) {
        List<Failed> failed = new ArrayList<>();
        for (CompiledFilter.Statement statement : conjunction.statements()) {
            if (!statement.matches(message)) {
                failed.add(new Failed(statement.property(), statement.operator().symbol(),
                        statement.value() == null ? null : statement.value().raw(), message.get(statement.property())));
            }
        }
        return failed;
    }

    /**
     * A near miss as the heap keeps it: with a {@code reason}, or with the count of failed statements of its closest
     * conjunction, whose list is built only if it is kept ({@link Misses#sorted}).
     */
    private record Candidate(String kind, String name, String status, String reason, int failed,
                             CompiledFilter filter, int conjunction) {

        static Candidate of(NearMiss miss) {
            return new Candidate(miss.kind(), miss.name(), miss.status(), miss.reason(), 0, null, -1);
        }

        NearMiss nearMiss(MessageContext message) {
            return new NearMiss(kind, name, status, reason, filter == null ? List.of()
                    : failedStatements(filter.conjunctions().get(conjunction), message));
        }
    }

    /** The {@code limit} closest misses seen so far (a max-heap: its head is the one to drop first). */
    private static final class Misses {
        private final int limit;
        private final MessageContext message;
        private final PriorityQueue<Candidate> heap;
        /** The misses offered with a reason: a port reached two ways appears once, with the first reason. */
        private final Set<String> reasoned = new HashSet<>();

        Misses(int limit, MessageContext message) {
            this.limit = limit;
            this.message = message;
            this.heap = new PriorityQueue<>(Math.min(limit, 64) + 1, CLOSEST_FIRST.reversed());
        }

        /**
         * The most failed statements a miss named so may have and still make the cut: any number while the heap is
         * not full, else as many as its head if it sorts before the head among equals, one fewer otherwise.
         */
        int bound(String name, String kind) {
            if (heap.size() < limit) {
                return Integer.MAX_VALUE;
            }
            Candidate head = heap.peek();
            int order = name.compareTo(head.name());
            if (order == 0) {
                order = kind.compareTo(head.kind());
            }
            return order < 0 ? head.failed() : head.failed() - 1;
        }

        void offer(NearMiss miss) {
            if (reasoned.add(miss.kind() + "\u0000" + miss.name())) {
                offer(Candidate.of(miss));
            }
        }

        void offer(Candidate candidate) {
            heap.add(candidate);
            if (heap.size() > limit) {
                heap.poll();
            }
        }

        List<NearMiss> sorted() {
            List<Candidate> sorted = new ArrayList<>(heap);
            sorted.sort(CLOSEST_FIRST);
            List<NearMiss> misses = new ArrayList<>(sorted.size());
            sorted.forEach(candidate -> misses.add(candidate.nearMiss(message)));
            return misses;
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
