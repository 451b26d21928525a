package io.portway.query.projection;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Transport;

import java.time.Instant;

/**
 * A send port's state: its fixed properties, every configured property of docs/RULES.md §1 (unwrapped into the same
 * JSON object, so the stored JSON is flat), its status and version (= number of events).
 */
public record SendPortState(
        String artifactId,
        String name,
        boolean dynamic,
        boolean twoWay,
        @JsonUnwrapped SendPortConfiguration configuration,
        ArtifactStatus status,
        long version,
        Instant createdAt,
        Instant updatedAt) implements ArtifactState {

    static SendPortState created(String artifactId, String name, boolean dynamic, boolean twoWay,
            SendPortConfiguration configuration, Instant at) {
        return new SendPortState(artifactId, name, dynamic, twoWay, configuration, ArtifactStatus.Bound, 1, at, at);
    }

    SendPortState configured(SendPortConfiguration newConfiguration, long newVersion, Instant at) {
        return new SendPortState(artifactId, name, dynamic, twoWay, newConfiguration, status, newVersion, createdAt,
                at);
    }

    SendPortState withStatus(ArtifactStatus newStatus, long newVersion, Instant at) {
        return new SendPortState(artifactId, name, dynamic, twoWay, configuration, newStatus, newVersion, createdAt,
                at);
    }

    public String description() {
        return configuration.description();
    }

    public String application() {
        return configuration.application();
    }

    /** The primary transport's type, which the list filter {@code transportType} matches. */
    @JsonIgnore
    public String transportType() {
        Transport primary = configuration == null ? null : configuration.primaryTransport();
        return primary == null || primary.type() == null ? null : primary.type().name();
    }
}
