package io.portway.delivery.routing;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPortGroupConfiguration;

import java.util.List;

/** A send port group: status, configuration and members in membership order. */
public record GroupDefinition(String name, String artifactId, ArtifactStatus status,
                              SendPortGroupConfiguration configuration, List<String> members)
        implements ArtifactDefinition {

    public GroupDefinition {
        members = List.copyOf(members);
    }

    @Override
    public ArtifactKind kind() {
        return ArtifactKind.SendPortGroup;
    }

    @Override
    public Filter filter() {
        return configuration.filter();
    }
}
