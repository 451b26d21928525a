package io.portway.delivery.routing;

import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.Lifecycle;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortGroupConfigured;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupDeleted;
import io.portway.events.SendPortRemovedFromGroup;

import java.util.ArrayList;
import java.util.List;

/**
 * What an event of {@code portway.send-port-events} does to the routing table, as a pure function of the artifact's
 * definition before it: the live projection ({@link RoutingTableProjection}) stores its result, and an as-of
 * explanation replays the topic through it into a throw-away {@link RoutingTable} ({@link #apply}).
 */
public final class RoutingEvents {

    private RoutingEvents() {
    }

    /** Applies one event to {@code table} (no sequence check: the caller skips duplicates). */
    public static void apply(RoutingTable table, EventEnvelope envelope) {
        String name = envelope.name();
        switch (envelope.kind()) {
            case SendPort -> table.putPort(name, port(table.port(name), envelope));
            case SendPortGroup -> table.putGroup(name, group(table.group(name), envelope));
        }
    }

    /**
     * The port after {@code envelope}, an event of the port {@code current} (null = it does not exist; the result
     * is null when it does not exist afterwards). An event for a port that does not exist changes nothing; a status
     * change follows {@link Lifecycle#statusAfter}.
     */
    static PortDefinition port(PortDefinition current, EventEnvelope envelope) {
        PortwayEvent event = envelope.event();
        if (event instanceof SendPortCreated created) {
            return new PortDefinition(created.name(), envelope.artifactId(), created.dynamic(), created.twoWay(),
                    ArtifactStatus.Bound, created.configuration());
        }
        if (event instanceof SendPortDeleted) {
            return null;
        }
        if (event instanceof SendPortConfigured configured) {
            return current == null ? null : new PortDefinition(current.name(), current.artifactId(),
                    current.dynamic(), current.twoWay(), current.status(), configured.configuration());
        }
        ArtifactStatus status = Lifecycle.statusAfter(event).orElseThrow(() -> unknown(envelope));
        return current == null ? null : new PortDefinition(current.name(), current.artifactId(), current.dynamic(),
                current.twoWay(), status, current.configuration());
    }

    /** As {@link #port}, for a group. */
    static GroupDefinition group(GroupDefinition current, EventEnvelope envelope) {
        PortwayEvent event = envelope.event();
        if (event instanceof SendPortGroupCreated created) {
            return new GroupDefinition(created.name(), envelope.artifactId(), ArtifactStatus.Bound,
                    created.configuration(), created.sendPorts());
        }
        if (event instanceof SendPortGroupDeleted) {
            return null;
        }
        if (event instanceof SendPortGroupConfigured configured) {
            return current == null ? null : new GroupDefinition(current.name(), current.artifactId(),
                    current.status(), configured.configuration(), current.members());
        }
        if (event instanceof SendPortAddedToGroup added) {
            if (current == null || current.members().contains(added.sendPort())) {
                return current;
            }
            List<String> members = new ArrayList<>(current.members());
            members.add(added.sendPort());
            return withMembers(current, members);
        }
        if (event instanceof SendPortRemovedFromGroup removed) {
            if (current == null) {
                return null;
            }
            List<String> members = new ArrayList<>(current.members());
            members.removeIf(removed.sendPort()::equals);
            return withMembers(current, members);
        }
        ArtifactStatus status = Lifecycle.statusAfter(event).orElseThrow(() -> unknown(envelope));
        return current == null ? null : withStatus(current, status);
    }

    private static GroupDefinition withMembers(GroupDefinition group, List<String> members) {
        return new GroupDefinition(group.name(), group.artifactId(), group.status(), group.configuration(), members);
    }

    private static GroupDefinition withStatus(GroupDefinition group, ArtifactStatus status) {
        return new GroupDefinition(group.name(), group.artifactId(), status, group.configuration(), group.members());
    }

    /**
     * Java 17 has no pattern switch over the sealed PortwayEvent: an event type added there and neither here nor in
     * {@link Lifecycle#statusAfter} fails loudly (the live consumer halts on it, readiness DOWN) instead of being
     * skipped.
     */
    private static IllegalStateException unknown(EventEnvelope envelope) {
        return new IllegalStateException("the routing table does not know event "
                + envelope.event().getClass().getName() + " of artifact " + envelope.artifactId());
    }
}
