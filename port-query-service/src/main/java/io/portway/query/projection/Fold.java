package io.portway.query.projection;

import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.Lifecycle;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortEvent;
import io.portway.events.SendPortGroupConfigured;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupDeleted;
import io.portway.events.SendPortGroupEvent;
import io.portway.events.SendPortRemovedFromGroup;
import io.portway.messaging.TransportSecrets;

import java.time.Instant;
import java.util.Optional;

/**
 * The state an artifact has after one more of its events; {@code null} means it does not exist (deleted). Secret
 * transport properties are redacted here ({@link #redacted}), so no read model, history or audit row holds them,
 * sealed or (in events written before secrets were sealed) in clear.
 */
final class Fold {

    private Fold() {
    }

    static ArtifactState next(ArtifactState before, EventEnvelope envelope) {
        PortwayEvent event = envelope.event();
        long version = envelope.sequence();
        Instant at = envelope.occurredAt();
        Optional<ArtifactStatus> status = Lifecycle.statusAfter(event);
        if (event instanceof SendPortCreated created) {
            return SendPortState.created(envelope.artifactId(), created.name(), created.dynamic(), created.twoWay(),
                    redacted(created.configuration()), at);
        }
        if (event instanceof SendPortGroupCreated created) {
            return SendPortGroupState.created(envelope.artifactId(), created.name(), created.configuration(),
                    created.sendPorts(), at);
        }
        if (event instanceof SendPortDeleted || event instanceof SendPortGroupDeleted) {
            return null;
        }
        if (before instanceof SendPortState port) {
            if (event instanceof SendPortConfigured configured) {
                return port.configured(redacted(configured.configuration()), version, at);
            }
            if (event instanceof SendPortEvent && status.isPresent()) {
                return port.withStatus(status.get(), version, at);
            }
        }
        if (before instanceof SendPortGroupState group) {
            if (event instanceof SendPortGroupConfigured configured) {
                return group.configured(configured.configuration(), version, at);
            }
            if (event instanceof SendPortAddedToGroup added) {
                return group.withMember(added.sendPort(), version, at);
            }
            if (event instanceof SendPortRemovedFromGroup removed) {
                return group.withoutMember(removed.sendPort(), version, at);
            }
            if (event instanceof SendPortGroupEvent && status.isPresent()) {
                return group.withStatus(status.get(), version, at);
            }
        }
        throw new IllegalStateException("event " + event.type() + " (sequence " + version + ") of artifact "
                + envelope.artifactId() + " does not apply to " + (before == null ? "a missing artifact"
                : "a " + before.artifactKind()));
    }

    /** The event as history and audit show it: secret transport properties replaced by "******". */
    static PortwayEvent redacted(PortwayEvent event) {
        if (event instanceof SendPortCreated created) {
            return new SendPortCreated(created.name(), created.dynamic(), created.twoWay(),
                    redacted(created.configuration()));
        }
        if (event instanceof SendPortConfigured configured) {
            return new SendPortConfigured(configured.name(), redacted(configured.configuration()));
        }
        return event;
    }

    static SendPortConfiguration redacted(SendPortConfiguration c) {
        return TransportSecrets.redacted(c);
    }
}
