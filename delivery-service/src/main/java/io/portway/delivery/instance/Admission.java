package io.portway.delivery.instance;

import io.portway.delivery.outbox.Outbox;
import io.portway.delivery.routing.Route;
import io.portway.events.ArtifactStatus;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.support.Uuids;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The first step of the state machine: the instances a message starts at its ports, in the intake's transaction.
 * A route the in-memory routing table holds is decided again from the committed routing rows under the lock a
 * release takes, so a start and a held instance can never miss each other (docs/SERVICE-INSTANCES.md).
 */
@Component
public class Admission {

    static final String OUTBOUND_ADDRESS = DeliveryAttempts.OUTBOUND_ADDRESS;

    private final ServiceInstanceRepository instances;
    private final Outbox outbox;

    Admission(ServiceInstanceRepository instances, Outbox outbox) {
        this.instances = instances;
        this.outbox = outbox;
    }

    /** Decides each route's first status. Must run in the transaction that then calls {@link #admit}. */
    public List<Admitted> plan(List<Route> routes, Map<String, String> context) {
        List<Route> decided = routes;
        if (routes.stream().anyMatch(route -> !route.delivered())) {
            decided = decideHeldAgain(routes);
        }
        Set<String> orderedStopping = new TreeSet<>();
        for (Route route : decided) {
            if (route.delivered() && route.port().configuration().orderedDelivery()
                    && route.port().configuration().stopSendingOnFailure()) {
                orderedStopping.add(route.port().name());
            }
        }
        orderedStopping.forEach(instances::lockOrderedPortShared);
        List<Admitted> planned = new ArrayList<>(decided.size());
        for (Route route : decided) {
            InstanceStatus status = InstanceStatus.ReadyToRun;
            InstanceReason reason = null;
            if (!route.delivered()) {
                status = InstanceStatus.Suspended;
                reason = InstanceReason.valueOf(route.holdReason());
            } else if (orderedStopping.contains(route.port().name())
                    && instances.orderedPortStopped(route.port().name())) {
                status = InstanceStatus.Suspended;
                reason = InstanceReason.ORDERED_DELIVERY_STOPPED;
            } else if (route.port().dynamic() && blank(context.get(OUTBOUND_ADDRESS))) {
                status = InstanceStatus.SuspendedNotResumable;
                reason = InstanceReason.NO_ADDRESS;
            }
            planned.add(new Admitted(Uuids.random(), route, status, reason));
        }
        return planned;
    }

    /** Stores the planned instances of a stored message, with the events of those that do not start ready. */
    public void admit(String messageId, long publishSequence, Instant acceptedAt, List<Admitted> planned) {
        admit(List.of(new Stored(messageId, publishSequence, acceptedAt, planned)));
    }

    /** A stored message with the instances {@link #plan} planned for it. */
    public record Stored(String messageId, long publishSequence, Instant acceptedAt, List<Admitted> planned) {
    }

    /** Stores the planned instances of several stored messages at once (a group commit's), with their events. */
    public void admit(List<Stored> messages) {
        instances.insert(messages);
        outbox.addAll(messages.stream().flatMap(message -> message.planned().stream()
                .filter(plan -> plan.reason() != null)
                .map(plan -> new ServiceInstanceSuspended(plan.id().toString(), message.messageId(),
                        plan.route().port().name(), plan.reason().name(), plan.status() == InstanceStatus.Suspended,
                        null, message.acceptedAt())))
                .toList());
    }

    /**
     * The in-memory table may not show a start that is already committed (and whose release has run). Under the
     * release lock, the committed rows say whether the port and the group are started.
     */
    private List<Route> decideHeldAgain(List<Route> routes) {
        instances.lockAgainstRelease();
        Set<String> ports = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (Route route : routes) {
            if (!route.delivered()) {
                ports.add(route.port().name());
                if (route.via().startsWith(Route.GROUP_PREFIX)) {
                    groups.add(route.via().substring(Route.GROUP_PREFIX.length()));
                }
            }
        }
        Map<String, ArtifactStatus> portStatus = instances.portStatuses(ports);
        Map<String, ArtifactStatus> groupStatus = instances.groupStatuses(groups);
        List<Route> decided = new ArrayList<>(routes.size());
        for (Route route : routes) {
            if (route.delivered() || !portStatus.containsKey(route.port().name())) {
                decided.add(route);
                continue;
            }
            String hold = null;
            if (portStatus.get(route.port().name()) != ArtifactStatus.Started) {
                hold = Route.PORT_STOPPED;
            } else if (route.via().startsWith(Route.GROUP_PREFIX) && groupStatus.get(
                    route.via().substring(Route.GROUP_PREFIX.length())) != ArtifactStatus.Started) {
                hold = Route.GROUP_STOPPED;
            }
            decided.add(new Route(route.port(), route.via(), hold));
        }
        return decided;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
