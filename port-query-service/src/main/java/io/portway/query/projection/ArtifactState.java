package io.portway.query.projection;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;

import java.time.Instant;

/**
 * An artifact's own state after one of its events, folded from its events alone (group memberships are events of
 * the group, so a port's state does not list its groups and a group's state lists its members by name only).
 * This is the snapshot kept with every history entry and shown as {@code before}/{@code after} in the audit log.
 */
public sealed interface ArtifactState permits SendPortState, SendPortGroupState {

    String artifactId();

    String name();

    String application();

    ArtifactStatus status();

    long version();

    Instant createdAt();

    Instant updatedAt();

    default ArtifactKind artifactKind() {
        return this instanceof SendPortState ? ArtifactKind.SendPort : ArtifactKind.SendPortGroup;
    }
}
