package io.portway.delivery.routing;

import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortGroupConfiguration;

import java.util.List;

/** A send port group: status, configuration and members in membership order. */
public record GroupDefinition(String name, String artifactId, ArtifactStatus status,
                              SendPortGroupConfiguration configuration, List<String> members) {

    public GroupDefinition {
        members = List.copyOf(members);
    }

    public boolean enlisted() {
        return status != ArtifactStatus.Bound;
    }
}
