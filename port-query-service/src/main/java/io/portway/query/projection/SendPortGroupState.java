package io.portway.query.projection;

import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPortGroupConfiguration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A send port group's state: its configuration, its members' names in membership order, status and version. */
public record SendPortGroupState(
        String artifactId,
        String name,
        String description,
        String application,
        Filter filter,
        List<String> sendPorts,
        ArtifactStatus status,
        long version,
        Instant createdAt,
        Instant updatedAt) implements ArtifactState {

    public SendPortGroupState {
        sendPorts = sendPorts == null ? List.of() : List.copyOf(sendPorts);
    }

    static SendPortGroupState created(String artifactId, String name, SendPortGroupConfiguration c,
            List<String> members, Instant at) {
        return new SendPortGroupState(artifactId, name, c.description(), c.application(), c.filter(),
                members.stream().distinct().toList(), ArtifactStatus.Bound, 1, at, at);
    }

    SendPortGroupState configured(SendPortGroupConfiguration c, long newVersion, Instant at) {
        return new SendPortGroupState(artifactId, name, c.description(), c.application(), c.filter(), sendPorts,
                status, newVersion, createdAt, at);
    }

    SendPortGroupState withMember(String port, long newVersion, Instant at) {
        List<String> members = new ArrayList<>(sendPorts);
        if (!members.contains(port)) {
            members.add(port);
        }
        return withMembers(members, newVersion, at);
    }

    SendPortGroupState withoutMember(String port, long newVersion, Instant at) {
        List<String> members = new ArrayList<>(sendPorts);
        members.remove(port);
        return withMembers(members, newVersion, at);
    }

    private SendPortGroupState withMembers(List<String> members, long newVersion, Instant at) {
        return new SendPortGroupState(artifactId, name, description, application, filter, members, status,
                newVersion, createdAt, at);
    }

    SendPortGroupState withStatus(ArtifactStatus newStatus, long newVersion, Instant at) {
        return new SendPortGroupState(artifactId, name, description, application, filter, sendPorts, newStatus,
                newVersion, createdAt, at);
    }
}
