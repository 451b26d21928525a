package io.portway.query.group;

import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.query.projection.SendPortGroupState;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A send port group as the query API shows it: its members in order, each with its status. */
public record SendPortGroupView(
        String artifactId,
        String name,
        String description,
        String application,
        Filter filter,
        List<Member> sendPorts,
        ArtifactStatus status,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    /** A member port and its status (null if no such port exists). */
    public record Member(String name, ArtifactStatus status) {
    }

    static SendPortGroupView of(SendPortGroupState group, Map<String, ArtifactStatus> statuses) {
        return new SendPortGroupView(group.artifactId(), group.name(), group.description(), group.application(),
                group.filter(), group.sendPorts().stream().map(port -> new Member(port, statuses.get(port))).toList(),
                group.status(), group.version(), group.createdAt(), group.updatedAt());
    }
}
