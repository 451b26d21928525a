package io.portway.query.projection;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;

import java.time.Instant;

/** A send port's state: every property of docs/RULES.md §1, its status and version (= number of events). */
public record SendPortState(
        String artifactId,
        String name,
        String description,
        String application,
        boolean dynamic,
        boolean twoWay,
        Transport primaryTransport,
        Transport backupTransport,
        SendPipeline sendPipeline,
        Filter filter,
        int priority,
        boolean orderedDelivery,
        boolean stopSendingOnFailure,
        boolean routeFailedMessages,
        Tracking tracking,
        ArtifactStatus status,
        long version,
        Instant createdAt,
        Instant updatedAt) implements ArtifactState {

    static SendPortState created(String artifactId, String name, boolean dynamic, boolean twoWay,
            SendPortConfiguration configuration, Instant at) {
        return new SendPortState(artifactId, name, null, null, dynamic, twoWay, null, null, null, null, 0, false,
                false, false, null, ArtifactStatus.Bound, 1, at, at).configured(configuration, 1, at);
    }

    SendPortState configured(SendPortConfiguration c, long newVersion, Instant at) {
        return new SendPortState(artifactId, name, c.description(), c.application(), dynamic, twoWay,
                c.primaryTransport(), c.backupTransport(), c.sendPipeline(), c.filter(), c.priority(),
                c.orderedDelivery(), c.stopSendingOnFailure(), c.routeFailedMessages(), c.tracking(), status,
                newVersion, createdAt, at);
    }

    SendPortState withStatus(ArtifactStatus newStatus, long newVersion, Instant at) {
        return new SendPortState(artifactId, name, description, application, dynamic, twoWay, primaryTransport,
                backupTransport, sendPipeline, filter, priority, orderedDelivery, stopSendingOnFailure,
                routeFailedMessages, tracking, newStatus, newVersion, createdAt, at);
    }

    /** The primary transport's type, which the list filter {@code transportType} matches. */
    @JsonIgnore
    public String transportType() {
        return primaryTransport == null || primaryTransport.type() == null ? null : primaryTransport.type().name();
    }
}
