package io.portway.delivery.routing;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPortConfiguration;

/** A send port as the delivery service knows it: its fixed properties, status and current configuration. */
public record PortDefinition(String name, String artifactId, boolean dynamic, boolean twoWay, ArtifactStatus status,
                             SendPortConfiguration configuration) implements ArtifactDefinition {

    @Override
    public ArtifactKind kind() {
        return ArtifactKind.SendPort;
    }

    @Override
    public Filter filter() {
        return configuration.filter();
    }
}
